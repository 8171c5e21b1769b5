package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OperationMixTest {
  @Test
  void everyRollMapsToItsShare() {
    OperationMix mix = OperationMix.parse("put=50, get=30,sget=10,TXN=10");
    Map<OpType, Integer> counts = new EnumMap<>(OpType.class);
    for (int roll = 0; roll < 100; roll++) {
      counts.merge(mix.pick(roll), 1, Integer::sum);
    }
    assertThat(counts).containsEntry(OpType.PUT, 50).containsEntry(OpType.GET, 30)
        .containsEntry(OpType.SGET, 10).containsEntry(OpType.TXN, 10);
    assertThat(mix).hasToString("put=50,get=30,sget=10,txn=10");
  }

  @Test
  void singleOperationAndZeroShares() {
    OperationMix mix = OperationMix.parse("get=100,put=0");
    assertThat(mix.pick(0)).isEqualTo(OpType.GET);
    assertThat(mix.pick(99)).isEqualTo(OpType.GET);
    assertThat(mix).hasToString("get=100");
  }

  @Test
  void rejectsMalformedMixes() {
    assertThatThrownBy(() -> OperationMix.parse("put=50,get=40")).hasMessageContaining("add up to 90");
    assertThatThrownBy(() -> OperationMix.parse("put=60,put=40")).hasMessageContaining("twice");
    assertThatThrownBy(() -> OperationMix.parse("scan=100")).hasMessageContaining("unknown operation 'scan'");
    assertThatThrownBy(() -> OperationMix.parse("put")).hasMessageContaining("not op=percent");
    assertThatThrownBy(() -> OperationMix.parse("put=abc")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> OperationMix.parse("put=150,get=-50")).hasMessageContaining("0..100");
    assertThatThrownBy(() -> OperationMix.parse(" ")).hasMessageContaining("empty mix");
  }
}
