package io.cairnkv.server.storage;

import static io.cairnkv.server.testing.Commands.bytes;
import static io.cairnkv.server.testing.Commands.utf8;
import static io.cairnkv.server.testing.Stores.describe;
import static io.cairnkv.server.testing.Stores.dump;
import static io.cairnkv.server.testing.Stores.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.server.testing.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RocksKvEngineTest {
  @TempDir
  Path dir;
  private RocksKvEngine engine;

  @BeforeEach
  void open() {
    engine = RocksKvEngine.open(dir.resolve("store"));
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void reopen() {
    engine.close();
    engine = RocksKvEngine.open(dir.resolve("store"));
  }

  private static List<String> keys(KvReader reader, String start, String end, boolean reverse) {
    List<String> out = new ArrayList<>();
    reader.scan(bytes(start), end == null ? null : bytes(end), reverse, (k, r) -> out.add(utf8(k)));
    return out;
  }

  private List<String> keys(String start, String end, boolean reverse) {
    try (KvReader reader = engine.newReader()) {
      return keys(reader, start, end, reverse);
    }
  }

  private String get(KvReader reader, String key) {
    return reader.get(bytes(key)).map(Stores::describe).orElse(null);
  }

  @Test
  void newStoreIsEmptyAtAppliedIndexZero() {
    assertThat(engine.appliedState()).isEqualTo(AppliedState.EMPTY);
    assertThat(dump(engine)).isEmpty();
  }

  @Test
  void putGetAndDelete() {
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.put(bytes("a"), record("1", 1, 1, 1));
      txn.put(bytes("b"), record("2", 2, 2, 1));
      txn.commit(new AppliedState(1, 1, 2));
    }
    try (KvReader reader = engine.newReader()) {
      assertThat(get(reader, "a")).isEqualTo("1@1/1/v1");
      assertThat(get(reader, "b")).isEqualTo("2@2/2/v1");
      assertThat(reader.get(bytes("c"))).isEmpty();
    }
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.delete(bytes("a"));
      txn.commit(new AppliedState(1, 2, 3));
    }
    assertThat(dump(engine)).containsOnlyKeys("b");
  }

  @Test
  void forwardScanIsEndExclusiveAndNullEndMeansToTheEnd() {
    Stores.seed(engine, "a", "b", "c", "d");
    assertThat(keys("b", "d", false)).containsExactly("b", "c");
    assertThat(keys("b", "cc", false)).containsExactly("b", "c");
    assertThat(keys("b", null, false)).containsExactly("b", "c", "d");
    assertThat(keys("", null, false)).containsExactly("a", "b", "c", "d");
    assertThat(keys("bb", "bc", false)).isEmpty();
    assertThat(keys("c", "b", false)).isEmpty();
  }

  @Test
  void reverseScanIsEndExclusiveAndNullEndMeansFromTheLastKey() {
    Stores.seed(engine, "a", "b", "c", "d");
    assertThat(keys("b", "d", true)).containsExactly("c", "b");
    assertThat(keys("b", "cc", true)).containsExactly("c", "b");
    assertThat(keys("b", null, true)).containsExactly("d", "c", "b");
    assertThat(keys("a", "zz", true)).containsExactly("d", "c", "b", "a");
    assertThat(keys("bb", "bc", true)).isEmpty();
    assertThat(keys("c", "b", true)).isEmpty();
  }

  @Test
  void scanOrdersBytesUnsigned() {
    try (KvWriteTxn txn = engine.beginWrite()) {
      for (byte b : new byte[] {0x01, 0x7f, (byte) 0x80, (byte) 0xff}) {
        txn.put(new byte[] {b}, record("x", 1, 1, 1));
      }
      txn.commit(new AppliedState(1, 1, 1));
    }
    List<Integer> seen = new ArrayList<>();
    try (KvReader reader = engine.newReader()) {
      reader.scan(new byte[] {0x7f}, new byte[] {(byte) 0xff}, false, (k, r) -> seen.add(k[0] & 0xff));
      reader.scan(new byte[] {0x7f}, null, true, (k, r) -> seen.add(k[0] & 0xff));
    }
    assertThat(seen).containsExactly(0x7f, 0x80, 0xff, 0x80, 0x7f);
  }

  @Test
  void scanStopsWhenTheVisitorSaysSo() {
    Stores.seed(engine, "a", "b", "c");
    List<String> seen = new ArrayList<>();
    try (KvReader reader = engine.newReader()) {
      reader.scan(bytes("a"), null, false, (k, r) -> seen.add(utf8(k)) && seen.size() < 2);
    }
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void writeTxnSeesItsOwnWritesAndDeletes() {
    Stores.seed(engine, "a", "b", "c");
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.put(bytes("bb"), record("new", 9, 9, 1));
      txn.put(bytes("a"), record("changed", 1, 9, 2));
      txn.delete(bytes("b"));
      assertThat(get(txn, "bb")).isEqualTo("new@9/9/v1");
      assertThat(get(txn, "a")).isEqualTo("changed@1/9/v2");
      assertThat(txn.get(bytes("b"))).isEmpty();
      assertThat(keys(txn, "", null, false)).containsExactly("a", "bb", "c");
      assertThat(keys(txn, "a", "c", true)).containsExactly("bb", "a");
      Map<String, String> seen = dump(txn);
      assertThat(seen).containsEntry("a", "changed@1/9/v2");
      // Nothing is visible outside the batch before commit.
      assertThat(dump(engine)).containsOnlyKeys("a", "b", "c").containsEntry("a", "v-a@1/1/v1");
    }
  }

  @Test
  void revisionsSeeTheBatchesOwnWritesThenTheCommittedState() {
    Stores.seed(engine, "a", "b");
    try (KvWriteTxn txn = engine.beginWrite()) {
      assertThat(txn.revisions(bytes("a"))).contains(new KeyRevisions(1, 1, 1));
      assertThat(txn.revisions(bytes("new"))).isEmpty();
      txn.put(bytes("a"), record("changed", 1, 5, 2));
      txn.put(bytes("new"), record("x", 5, 5, 1));
      txn.delete(bytes("b"));
      assertThat(txn.revisions(bytes("a"))).contains(new KeyRevisions(1, 5, 2));
      assertThat(txn.revisions(bytes("new"))).contains(new KeyRevisions(5, 5, 1));
      assertThat(txn.revisions(bytes("b"))).isEmpty();
      txn.commit(new AppliedState(1, 5, 5));
    }
    try (KvWriteTxn txn = engine.beginWrite()) {
      assertThat(txn.revisions(bytes("a"))).contains(new KeyRevisions(1, 5, 2));
      assertThat(txn.revisions(bytes("new"))).contains(new KeyRevisions(5, 5, 1));
      assertThat(txn.revisions(bytes("b"))).isEmpty();
    }
  }

  @Test
  void committedWritesAreAnsweredFromTheCacheAndDiscardedOnesNeverReachIt() {
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.put(bytes("a"), record("v", 1, 1, 1));
      txn.put(bytes("gone"), record("v", 1, 1, 1));
      txn.commit(new AppliedState(1, 1, 1));
    }
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.delete(bytes("gone"));
      txn.commit(new AppliedState(1, 2, 2));
    }
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.put(bytes("a"), record("never", 1, 3, 2));
      txn.put(bytes("b"), record("never", 3, 3, 1));
      // closed without commit
    }
    KeyRevisionCache cache = engine.revisionCache();
    long missesBefore = cache.misses();
    try (KvWriteTxn txn = engine.beginWrite()) {
      assertThat(txn.revisions(bytes("a"))).contains(new KeyRevisions(1, 1, 1));
      assertThat(txn.revisions(bytes("gone"))).isEmpty();
      assertThat(cache.misses()).isEqualTo(missesBefore);
      assertThat(txn.revisions(bytes("b"))).isEmpty();
      assertThat(cache.misses()).isEqualTo(missesBefore + 1);
    }
    assertThat(dump(engine)).containsOnlyKeys("a").containsEntry("a", "v@1/1/v1");
  }

  @Test
  void aStoreWithoutTheCacheReadsRevisionsFromRocksDb() {
    engine.close();
    engine = RocksKvEngine.open(dir.resolve("store"), 0);
    Stores.seed(engine, "a");
    try (KvWriteTxn txn = engine.beginWrite()) {
      assertThat(txn.revisions(bytes("a"))).contains(new KeyRevisions(1, 1, 1));
      txn.put(bytes("a"), record("w", 1, 2, 2));
      txn.commit(new AppliedState(1, 2, 2));
    }
    try (KvWriteTxn txn = engine.beginWrite()) {
      assertThat(txn.revisions(bytes("a"))).contains(new KeyRevisions(1, 2, 2));
    }
    assertThat(engine.revisionCache().size()).isZero();
    assertThat(engine.revisionCache().hits()).isZero();
  }

  @Test
  void aReopenedStoreStartsWithAnEmptyCacheAndReadsWhatWasCommitted() {
    Stores.seed(engine, "a");
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.put(bytes("a"), record("w", 1, 2, 2));
      txn.commit(new AppliedState(1, 2, 2));
    }
    reopen();
    assertThat(engine.revisionCache().size()).isZero();
    try (KvWriteTxn txn = engine.beginWrite()) {
      assertThat(txn.revisions(bytes("a"))).contains(new KeyRevisions(1, 2, 2));
    }
  }

  @Test
  void uncommittedTxnLeavesNoTraceAfterClose() {
    Stores.seed(engine, "a");
    AppliedState before = engine.appliedState();
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.put(bytes("b"), record("x", 1, 1, 1));
      txn.delete(bytes("a"));
    }
    assertThat(dump(engine)).containsOnlyKeys("a");
    assertThat(engine.appliedState()).isEqualTo(before);
    reopen();
    assertThat(dump(engine)).containsOnlyKeys("a");
  }

  @Test
  void appliedStateCommitsWithTheDataAndSurvivesReopen() {
    AppliedState state = new AppliedState(3, 42, 17);
    try (KvWriteTxn txn = engine.beginWrite()) {
      txn.put(bytes("k"), record("v", 17, 17, 1));
      assertThat(engine.appliedState()).isEqualTo(AppliedState.EMPTY);
      txn.commit(state);
    }
    assertThat(engine.appliedState()).isEqualTo(state);
    try (KvReader reader = engine.newReader()) {
      assertThat(reader.appliedState()).isEqualTo(state);
    }
    reopen();
    assertThat(engine.appliedState()).isEqualTo(state);
    assertThat(dump(engine)).isEqualTo(Map.of("k", "v@17/17/v1"));
  }

  @Test
  void readerKeepsItsSnapshotAcrossLaterCommits() {
    Stores.seed(engine, "a");
    try (KvReader before = engine.newReader()) {
      try (KvWriteTxn txn = engine.beginWrite()) {
        txn.put(bytes("b"), record("x", 5, 5, 1));
        txn.delete(bytes("a"));
        txn.commit(new AppliedState(2, 9, 5));
      }
      assertThat(before.get(bytes("a"))).isPresent();
      assertThat(before.get(bytes("b"))).isEmpty();
      assertThat(keys(before, "", null, false)).containsExactly("a");
      assertThat(before.appliedState()).isEqualTo(AppliedState.EMPTY);
      try (KvReader after = engine.newReader()) {
        assertThat(keys(after, "", null, false)).containsExactly("b");
        assertThat(after.appliedState()).isEqualTo(new AppliedState(2, 9, 5));
        assertThat(describe(after.get(bytes("b")).orElseThrow())).isEqualTo("x@5/5/v1");
      }
    }
  }
}
