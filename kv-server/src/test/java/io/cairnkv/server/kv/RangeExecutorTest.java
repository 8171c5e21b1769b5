package io.cairnkv.server.kv;

import static io.cairnkv.server.testing.Commands.TO_END;
import static io.cairnkv.server.testing.Commands.bs;
import static io.cairnkv.server.testing.Commands.rangeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.proto.KeyValue;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RangeResponse;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.RocksKvEngine;
import io.cairnkv.server.testing.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RangeExecutorTest {
  @TempDir
  static Path dir;
  private static RocksKvEngine engine;

  @BeforeAll
  static void seed() {
    engine = RocksKvEngine.open(dir);
    // Each key k gets value "v-k", create = mod = its position (1-based), version 1.
    Stores.seed(engine, "a", "b", "c", "d", "e");
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  private static RangeResponse range(RangeRequest.Builder request) {
    try (KvReader reader = engine.newReader()) {
      return RangeExecutor.range(reader, request.build());
    }
  }

  private static List<String> keys(RangeResponse r) {
    return r.getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).collect(Collectors.toList());
  }

  @Test
  void singleKeyReturnsTheRecord() {
    RangeResponse r = range(rangeRequest("c", null));
    assertThat(r.getCount()).isEqualTo(1);
    assertThat(r.getMore()).isFalse();
    KeyValue kv = r.getKvs(0);
    assertThat(kv.getKey()).isEqualTo(bs("c"));
    assertThat(kv.getValue()).isEqualTo(bs("v-c"));
    assertThat(kv.getCreateRevision()).isEqualTo(3);
    assertThat(kv.getModRevision()).isEqualTo(3);
    assertThat(kv.getVersion()).isEqualTo(1);
  }

  @Test
  void missingSingleKeyIsEmpty() {
    RangeResponse r = range(rangeRequest("cc", null));
    assertThat(r.getCount()).isZero();
    assertThat(r.getKvsCount()).isZero();
  }

  @Test
  void singleKeyCountOnlyAndKeysOnly() {
    RangeResponse count = range(rangeRequest("c", null).setCountOnly(true));
    assertThat(count.getCount()).isEqualTo(1);
    assertThat(count.getKvsCount()).isZero();
    RangeResponse keysOnly = range(rangeRequest("c", null).setKeysOnly(true));
    assertThat(keysOnly.getKvs(0).getValue()).isEmpty();
    assertThat(keysOnly.getKvs(0).getVersion()).isEqualTo(1);
  }

  @Test
  void rangeIsEndExclusive() {
    RangeResponse r = range(rangeRequest("b", "d"));
    assertThat(keys(r)).containsExactly("b", "c");
    assertThat(r.getCount()).isEqualTo(2);
    assertThat(r.getMore()).isFalse();
  }

  @Test
  void limitCutsTheResultButCountCoversTheRange() {
    RangeResponse r = range(rangeRequest("a", "z").setLimit(2));
    assertThat(keys(r)).containsExactly("a", "b");
    assertThat(r.getMore()).isTrue();
    assertThat(r.getCount()).isEqualTo(5);
  }

  @Test
  void limitEqualToTheCountHasNoMore() {
    RangeResponse r = range(rangeRequest("a", "z").setLimit(5));
    assertThat(keys(r)).hasSize(5);
    assertThat(r.getMore()).isFalse();
  }

  @Test
  void reverseWithLimitStartsFromTheEnd() {
    RangeResponse r = range(rangeRequest("b", "e").setReverse(true).setLimit(2));
    assertThat(keys(r)).containsExactly("d", "c");
    assertThat(r.getMore()).isTrue();
    assertThat(r.getCount()).isEqualTo(3);
  }

  @Test
  void keysOnlyOmitsValuesButKeepsMetadata() {
    RangeResponse r = range(rangeRequest("a", "c").setKeysOnly(true));
    assertThat(keys(r)).containsExactly("a", "b");
    assertThat(r.getKvsList()).allSatisfy(kv -> assertThat(kv.getValue()).isEmpty());
    assertThat(r.getKvs(1).getModRevision()).isEqualTo(2);
  }

  @Test
  void countOnlyReturnsNoKeysAndNoMore() {
    RangeResponse r = range(rangeRequest("a", "z").setCountOnly(true).setLimit(1));
    assertThat(r.getKvsCount()).isZero();
    assertThat(r.getCount()).isEqualTo(5);
    assertThat(r.getMore()).isFalse();
  }

  @Test
  void zeroByteRangeEndMeansToTheEnd() {
    assertThat(keys(range(rangeRequest("c", TO_END)))).containsExactly("c", "d", "e");
    assertThat(keys(range(rangeRequest("", TO_END)))).containsExactly("a", "b", "c", "d", "e");
    assertThat(keys(range(rangeRequest("", TO_END).setReverse(true).setLimit(1)))).containsExactly("e");
  }

  @Test
  void rangeEndOfZeroByteMapsToNullAndOthersAreKept() {
    assertThat(RangeExecutor.rangeEnd(bs(TO_END))).isNull();
    assertThat(RangeExecutor.rangeEnd(bs("\0\0"))).containsExactly(0, 0);
    assertThat(RangeExecutor.rangeEnd(bs("b"))).containsExactly('b');
  }
}
