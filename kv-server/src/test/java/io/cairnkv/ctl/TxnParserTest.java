package io.cairnkv.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.Compare;
import io.cairnkv.client.Op;
import io.cairnkv.client.Txn;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TxnParserTest {
  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void parsesAllThreeBlocks() throws Exception {
    Txn txn = TxnParser.parse("value(\"cfg\") = \"old value\"\nversion(k) > 3\ncreate(\"k\") != 0\nmod(k) < 12\n\n"
        + "put cfg \"new value\"\ndel other --prefix\n\nget cfg\n");
    assertThat(txn.compares()).hasSize(4);
    Compare value = txn.compares().get(0);
    assertThat(value.target()).isEqualTo(Compare.Target.VALUE);
    assertThat(s(value.key())).isEqualTo("cfg");
    assertThat(s(value.expectedValue())).isEqualTo("old value");
    assertThat(txn.compares().get(1).operator()).isEqualTo(Compare.Operator.GREATER);
    assertThat(txn.compares().get(1).expectedNumber()).isEqualTo(3);
    assertThat(txn.compares().get(2).target()).isEqualTo(Compare.Target.CREATE_REVISION);
    assertThat(txn.compares().get(2).operator()).isEqualTo(Compare.Operator.NOT_EQUAL);
    assertThat(txn.compares().get(3).target()).isEqualTo(Compare.Target.MOD_REVISION);
    assertThat(txn.compares().get(3).operator()).isEqualTo(Compare.Operator.LESS);

    assertThat(txn.thenOps()).extracting(Op::kind).containsExactly(Op.Kind.PUT, Op.Kind.DELETE);
    assertThat(s(txn.thenOps().get(0).value())).isEqualTo("new value");
    assertThat(txn.thenOps().get(1).deleteOptions().isPrefix()).isTrue();
    assertThat(txn.elseOps()).extracting(Op::kind).containsExactly(Op.Kind.GET);
  }

  @Test
  void acceptsEmptyBlocksCommentsAndEscapes() throws Exception {
    Txn txn = TxnParser.parse("# no compares\n\nput \"a \\\"quoted\\\" key\" v\n");
    assertThat(txn.compares()).isEmpty();
    assertThat(s(txn.thenOps().get(0).key())).isEqualTo("a \"quoted\" key");
    assertThat(txn.elseOps()).isEmpty();
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> TxnParser.parse("value(k) = v\nbogus(k) = 1\n\n"))
        .isInstanceOf(TxnParser.TxnSyntaxException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> TxnParser.parse("\nput onlykey\n"))
        .hasMessageContaining("line 2").hasMessageContaining("put KEY VALUE");
    assertThatThrownBy(() -> TxnParser.parse("version(k) = many\n"))
        .hasMessageContaining("line 1").hasMessageContaining("whole number");
    assertThatThrownBy(() -> TxnParser.parse("\n\nfrobnicate k\n"))
        .hasMessageContaining("line 3").hasMessageContaining("unknown operation");
    assertThatThrownBy(() -> TxnParser.parse("\nput \"unterminated v\n"))
        .hasMessageContaining("line 2").hasMessageContaining("quote");
    assertThatThrownBy(() -> TxnParser.parse("\nput a b\n\nget a\n\nput c d\n"))
        .hasMessageContaining("more than three blocks");
  }
}
