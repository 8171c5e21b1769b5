package io.cairnkv.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KeyRangeTest {
  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void prefixEndIncrementsTheLastByte() {
    assertThat(KeyRange.prefixEnd(bytes('a', 'b', 'c'))).containsExactly(bytes('a', 'b', 'd'));
  }

  @Test
  void prefixEndTreatsBytesAsUnsigned() {
    // 0x7f + 1 must become 0x80, not wrap into a negative "smaller" key.
    assertThat(KeyRange.prefixEnd(bytes('a', 0x7f))).containsExactly(bytes('a', 0x80));
    assertThat(KeyRange.prefixEnd(bytes('a', 0xfe))).containsExactly(bytes('a', 0xff));
  }

  @Test
  void prefixEndDropsTrailing0xffAndIncrementsTheByteBefore() {
    assertThat(KeyRange.prefixEnd(bytes('a', 'b', 0xff))).containsExactly(bytes('a', 'c'));
    assertThat(KeyRange.prefixEnd(bytes('a', 0xff, 0xff))).containsExactly(bytes('b'));
  }

  @Test
  void prefixEndOfAll0xffIsToEnd() {
    assertThat(KeyRange.prefixEnd(bytes(0xff))).containsExactly(KeyRange.TO_END);
    assertThat(KeyRange.prefixEnd(bytes(0xff, 0xff, 0xff))).containsExactly(KeyRange.TO_END);
  }

  @Test
  void prefixEndOfEmptyPrefixIsToEnd() {
    assertThat(KeyRange.prefixEnd(new byte[0])).containsExactly(bytes(0));
  }

  @Test
  void prefixEndNeitherChangesItsInputNorSharesTheConstant() {
    byte[] prefix = bytes('x', 0xff);
    byte[] end = KeyRange.prefixEnd(prefix);
    assertThat(prefix).containsExactly(bytes('x', 0xff));
    byte[] toEnd = KeyRange.prefixEnd(bytes(0xff));
    toEnd[0] = 9;
    assertThat(KeyRange.TO_END).containsExactly(bytes(0));
    assertThat(end).containsExactly(bytes('y'));
  }
}
