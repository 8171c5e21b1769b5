package io.cairnkv.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.Compare;
import io.cairnkv.client.DeleteOptions;
import io.cairnkv.client.DeleteResult;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KeyRange;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Op;
import io.cairnkv.client.PutResult;
import io.cairnkv.client.ReadConsistency;
import io.cairnkv.client.StatusCode;
import io.cairnkv.client.Txn;
import io.cairnkv.client.TxnResult;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every operation and limit against a real 3-replica cluster. Each test uses its own key prefix. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KvOperationsIT {
  private static InProcessCluster cluster;
  private static KvClient client;

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.start(TestDirs.fresh("KvOperationsIT"), 3);
    client = cluster.newClient();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void putAssignsRevisionsAndVersions() {
    PutResult first = client.put("put/a", "1");
    PutResult second = client.put("put/a", "2");
    assertThat(second.revision()).isEqualTo(first.revision() + 1);

    KeyValue kv = client.get("put/a").first().orElseThrow();
    assertThat(kv.valueUtf8()).isEqualTo("2");
    assertThat(kv.version()).isEqualTo(2);
    assertThat(kv.createRevision()).isEqualTo(first.revision());
    assertThat(kv.modRevision()).isEqualTo(second.revision());

    PutResult third = client.putAsync(b("put/a"), b("3"), true).join();
    assertThat(third.prevKv()).get().extracting(KeyValue::valueUtf8).isEqualTo("2");
    assertThat(client.putAsync(b("put/new"), b("x"), true).join().prevKv()).isEmpty();
  }

  @Test
  void getMissingKeyIsEmptyNotAnError() {
    // A write first, so the revision check does not depend on which test ran before this one.
    long written = client.put("get/other", "x").revision();
    GetResult result = client.get("get/missing");
    assertThat(result.kvs()).isEmpty();
    assertThat(result.count()).isZero();
    assertThat(result.revision()).isPositive().isGreaterThanOrEqualTo(written);
  }

  @Test
  void rangeQueriesWithPrefixLimitReverseAndPaging() {
    for (int i = 0; i < 5; i++) {
      client.put("range/k" + i, "v" + i);
    }
    client.put("rangf", "outside the prefix");

    GetResult all = client.get(b("range/"), GetOptions.builder().prefix().build());
    assertThat(all.kvs()).extracting(KeyValue::keyUtf8)
        .containsExactly("range/k0", "range/k1", "range/k2", "range/k3", "range/k4");
    assertThat(all.count()).isEqualTo(5);
    assertThat(all.more()).isFalse();

    GetResult page = client.get(b("range/"), GetOptions.builder().prefix().limit(2).build());
    assertThat(page.kvs()).extracting(KeyValue::keyUtf8).containsExactly("range/k0", "range/k1");
    assertThat(page.more()).isTrue();
    assertThat(page.count()).isEqualTo(5);

    // Next page: start after the last key seen, at the same end.
    GetResult next = client.get(b("range/k1\0"),
        GetOptions.builder().rangeEnd(KeyRange.prefixEnd(b("range/"))).limit(2).build());
    assertThat(next.kvs()).extracting(KeyValue::keyUtf8).containsExactly("range/k2", "range/k3");

    GetResult reversed = client.get(b("range/"), GetOptions.builder().prefix().reverse().limit(2).build());
    assertThat(reversed.kvs()).extracting(KeyValue::keyUtf8).containsExactly("range/k4", "range/k3");

    GetResult between = client.get(b("range/k1"), GetOptions.builder().rangeEnd(b("range/k3")).build());
    assertThat(between.kvs()).extracting(KeyValue::keyUtf8).containsExactly("range/k1", "range/k2");

    GetResult keysOnly = client.get(b("range/"), GetOptions.builder().prefix().keysOnly().build());
    assertThat(keysOnly.kvs()).allSatisfy(kv -> assertThat(kv.value()).isEmpty());

    GetResult countOnly = client.get(b("range/"), GetOptions.builder().prefix().countOnly().build());
    assertThat(countOnly.kvs()).isEmpty();
    assertThat(countOnly.count()).isEqualTo(5);

    GetResult fromKey = client.get(b("range/k3"), GetOptions.builder().rangeEnd(KeyRange.TO_END).build());
    assertThat(fromKey.kvs()).extracting(KeyValue::keyUtf8).startsWith("range/k3", "range/k4").contains("rangf");
  }

  @Test
  void deleteKeyAndPrefix() {
    client.put("del/a", "1");
    client.put("del/b", "2");
    client.put("del/c", "3");
    long before = client.get("del/a").revision();

    DeleteResult one = client.delete("del/a");
    assertThat(one.deleted()).isEqualTo(1);
    assertThat(one.revision()).isEqualTo(before + 1);
    assertThat(client.get("del/a").kvs()).isEmpty();

    DeleteResult nothing = client.delete("del/a");
    assertThat(nothing.deleted()).isZero();
    assertThat(nothing.revision()).as("a delete that removes nothing does not advance the revision")
        .isEqualTo(one.revision());

    DeleteResult prefix = client.delete(b("del/"), DeleteOptions.builder().prefix().prevKv().build());
    assertThat(prefix.deleted()).isEqualTo(2);
    assertThat(prefix.prevKvs()).extracting(KeyValue::valueUtf8).containsExactly("2", "3");
    assertThat(client.get(b("del/"), GetOptions.builder().prefix().countOnly().build()).count()).isZero();

    client.put("del/a", "again");
    KeyValue recreated = client.get("del/a").first().orElseThrow();
    assertThat(recreated.version()).as("version restarts after deletion").isEqualTo(1);
    assertThat(recreated.createRevision()).isEqualTo(recreated.modRevision());
  }

  @Test
  void txnRunsThenBranchWhenComparesHold() {
    PutResult put = client.put("txn/a", "1");
    TxnResult result = client.txn(Txn.builder()
        .when(Compare.value(b("txn/a"), Compare.Operator.EQUAL, b("1")),
            Compare.version(b("txn/a"), Compare.Operator.EQUAL, 1),
            Compare.modRevision(b("txn/a"), Compare.Operator.EQUAL, put.revision()),
            Compare.createRevision(b("txn/missing"), Compare.Operator.EQUAL, 0))
        .then(Op.put(b("txn/a"), b("2")), Op.put(b("txn/b"), b("x")), Op.get(b("txn/a")))
        .otherwise(Op.put(b("txn/failed"), b("1")))
        .build());
    assertThat(result.succeeded()).isTrue();
    assertThat(result.revision()).isEqualTo(put.revision() + 1);
    assertThat(result.results()).hasSize(3);
    GetResult inside = (GetResult) result.results().get(2);
    assertThat(inside.first().orElseThrow().valueUtf8()).as("a read in a txn sees its earlier writes").isEqualTo("2");

    KeyValue a = client.get("txn/a").first().orElseThrow();
    KeyValue bKey = client.get("txn/b").first().orElseThrow();
    assertThat(a.modRevision()).isEqualTo(bKey.modRevision()).isEqualTo(result.revision());
    assertThat(client.get("txn/failed").kvs()).isEmpty();
  }

  @Test
  void txnRunsElseBranchWhenACompareFails() {
    client.put("txnelse/a", "1");
    TxnResult result = client.txn(Txn.builder()
        .when(Compare.value(b("txnelse/a"), Compare.Operator.EQUAL, b("not-1")))
        .then(Op.put(b("txnelse/then"), b("1")))
        .otherwise(Op.put(b("txnelse/else"), b("1")), Op.delete(b("txnelse/a")))
        .build());
    assertThat(result.succeeded()).isFalse();
    assertThat(client.get("txnelse/then").kvs()).isEmpty();
    assertThat(client.get("txnelse/else").kvs()).hasSize(1);
    assertThat(client.get("txnelse/a").kvs()).isEmpty();

    TxnResult missing = client.txn(Txn.builder()
        .when(Compare.value(b("txnelse/none"), Compare.Operator.NOT_EQUAL, b("x")))
        .then(Op.put(b("txnelse/then"), b("1")))
        .build());
    assertThat(missing.succeeded()).as("a value compare on a missing key never holds (etcd)").isFalse();
  }

  @Test
  void multiPutBatchIsATxnWithoutCompares() {
    TxnResult batch = client.txn(Txn.builder()
        .then(Op.put(b("batch/1"), b("a")), Op.put(b("batch/2"), b("b")), Op.put(b("batch/3"), b("c")))
        .build());
    assertThat(batch.succeeded()).isTrue();
    List<KeyValue> kvs = client.get(b("batch/"), GetOptions.builder().prefix().build()).kvs();
    assertThat(kvs).hasSize(3).allSatisfy(kv -> assertThat(kv.modRevision()).isEqualTo(batch.revision()));
  }

  @Test
  void serializableReadsAreServedByReplicas() {
    PutResult put = client.put("ser/a", "1");
    GetOptions serializable = GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build();
    // A replica may lag, but applies quickly on loopback; each read is a real follower-or-leader read.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
      GetResult r = client.get(b("ser/a"), serializable);
      assertThat(r.first()).get().extracting(KeyValue::valueUtf8).isEqualTo("1");
      assertThat(r.revision()).isGreaterThanOrEqualTo(put.revision());
    });
  }

  @Test
  void concurrentSerializableReadsShareRequestsButEachGetsItsOwnResult() {
    long revision = 0;
    for (int i = 0; i < 40; i++) {
      revision = client.put("sbatch/" + i, "v" + i).revision();
    }
    long lastWrite = revision;
    for (String id : cluster.ids()) {
      Awaitility.await(id + " applied the writes").atMost(Duration.ofSeconds(10))
          .until(() -> cluster.node(id).stateMachine().engine().appliedState().revision() >= lastWrite);
    }
    double requestsBefore = readRequestsServed();
    GetOptions serializable = GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build();
    List<CompletableFuture<GetResult>> gets = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // Every tenth read asks for a key that does not exist: an empty result of its own, not a neighbour's.
      gets.add(client.getAsync(b("sbatch/" + (i % 10 == 9 ? "missing-" + i : String.valueOf(i % 40))), serializable));
    }
    for (int i = 0; i < 400; i++) {
      GetResult r = gets.get(i).join();
      if (i % 10 == 9) {
        assertThat(r.kvs()).as("read %d", i).isEmpty();
      } else {
        assertThat(r.first()).as("read %d", i).get().extracting(KeyValue::valueUtf8).isEqualTo("v" + (i % 40));
      }
      assertThat(r.revision()).isGreaterThanOrEqualTo(lastWrite);
    }
    assertThat(readRequestsServed() - requestsBefore).as("read requests the members served for 400 reads")
        .isLessThan(400);
  }

  @Test
  void sustainedSerializableReadsNeverStall() throws Exception {
    long revision = client.put("sloop/k", "v").revision();
    for (String id : cluster.ids()) {
      Awaitility.await(id + " applied the write").atMost(Duration.ofSeconds(10))
          .until(() -> cluster.node(id).stateMachine().engine().appliedState().revision() >= revision);
    }
    // 32 closed loops: each read is sent from the completion of the previous one, so batches to the three
    // members keep overlapping. Ratis completes a member's replies under that member's lock; sending the
    // next batch to another member from there once deadlocked the client within a few hundred reads.
    List<CompletableFuture<Integer>> loops = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      loops.add(serializableReadLoop(150));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  private CompletableFuture<Integer> serializableReadLoop(int remaining) {
    if (remaining == 0) {
      return CompletableFuture.completedFuture(0);
    }
    GetOptions serializable = GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build();
    return client.getAsync(b("sloop/k"), serializable).thenCompose(r -> {
      assertThat(r.first()).get().extracting(KeyValue::valueUtf8).isEqualTo("v");
      return serializableReadLoop(remaining - 1);
    });
  }

  /** Point and batched read requests served by all members so far. */
  private double readRequestsServed() {
    double served = 0;
    for (String id : cluster.ids()) {
      for (String op : List.of("range", "batch")) {
        served += cluster.node(id).metrics().registry().find(MetricNames.REQUESTS).tag("op", op).counters()
            .stream().mapToDouble(Counter::count).sum();
      }
    }
    return served;
  }

  @Test
  void concurrentWritesShareLogEntriesButEachGetsItsOwnResult() {
    String leader = cluster.awaitLeader();
    long entriesBefore = cluster.node(leader).stateMachine().entriesApplied();
    java.util.List<java.util.concurrent.CompletableFuture<PutResult>> puts = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      puts.add(client.putAsync(b("coalesce/" + i), b("v" + i), false));
    }
    java.util.Set<Long> revisions = new java.util.HashSet<>();
    puts.forEach(p -> revisions.add(p.join().revision()));
    assertThat(revisions).as("one revision per write").hasSize(300);
    assertThat(client.get(b("coalesce/"), GetOptions.builder().prefix().countOnly().build()).count()).isEqualTo(300);
    long entries = cluster.node(leader).stateMachine().entriesApplied() - entriesBefore;
    assertThat(entries).as("log entries used for 300 concurrent writes").isLessThan(300);
  }

  @Test
  void aBadWriteInABusyBatchFailsAloneAndTheOthersLand() {
    java.util.List<java.util.concurrent.CompletableFuture<PutResult>> puts = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      puts.add(client.putAsync(b(i == 25 ? "" : "mixed/" + i), b("v"), false));
    }
    for (int i = 0; i < 50; i++) {
      if (i == 25) {
        assertThat(puts.get(i).handle((r, e) -> e).join()).hasRootCauseInstanceOf(KvException.InvalidArgumentException.class);
      } else {
        assertThat(puts.get(i).join().revision()).isPositive();
      }
    }
    assertThat(client.get(b("mixed/"), GetOptions.builder().prefix().countOnly().build()).count()).isEqualTo(49);
  }

  @Test
  void emptyKeyIsRejected() {
    assertThatThrownBy(() -> client.put("", "v"))
        .isInstanceOf(KvException.InvalidArgumentException.class)
        .hasMessageContaining("key is empty");
  }

  @Test
  void oversizedKeyIsRejectedNamingTheLimitAndSize() {
    byte[] key = new byte[8 * 1024 + 1];
    java.util.Arrays.fill(key, (byte) 'k');
    assertThatThrownBy(() -> client.put(key, b("v")))
        .isInstanceOf(KvException.InvalidArgumentException.class)
        .hasMessageContaining("limits.key-max-bytes").hasMessageContaining("8193");
    assertThatThrownBy(() -> client.get(key, GetOptions.DEFAULT))
        .isInstanceOf(KvException.InvalidArgumentException.class)
        .hasMessageContaining("limits.key-max-bytes");
  }

  @Test
  void oversizedValueIsRejectedAndNothingIsApplied() {
    long before = client.get("limits/any").revision();
    byte[] value = new byte[1024 * 1024 + 1];
    assertThatThrownBy(() -> client.put(b("limits/big"), value))
        .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT))
        .hasMessageContaining("limits.value-max-bytes").hasMessageContaining("1048577")
        .hasMessageContaining("limits/big");
    assertThat(client.get("limits/big").kvs()).isEmpty();
    assertThat(client.get("limits/any").revision()).isEqualTo(before);
    client.put(b("limits/exact"), new byte[1024 * 1024]);
  }

  @Test
  void txnOverOpLimitIsRejectedWhole() {
    Txn.Builder txn = Txn.builder();
    for (int i = 0; i < 1025; i++) {
      txn.then(Op.put(b("limits/txn/" + i), b("v")));
    }
    assertThatThrownBy(() -> client.txn(txn.build()))
        .isInstanceOf(KvException.InvalidArgumentException.class)
        .hasMessageContaining("limits.txn-max-ops").hasMessageContaining("1025");
    assertThat(client.get(b("limits/txn/"), GetOptions.builder().prefix().countOnly().build()).count()).isZero();
  }

  @Test
  void requestOverSizeLimitIsRejectedWhole() {
    Txn.Builder txn = Txn.builder();
    for (int i = 0; i < 5; i++) {
      txn.then(Op.put(b("limits/req/" + i), new byte[1024 * 1024]));
    }
    assertThatThrownBy(() -> client.txn(txn.build()))
        .isInstanceOf(KvException.InvalidArgumentException.class)
        .hasMessageContaining("limits.request-max-bytes");
    assertThat(client.get(b("limits/req/"), GetOptions.builder().prefix().countOnly().build()).count()).isZero();
  }

  @Test
  void membersAndStatusDescribeTheCluster() {
    assertThat(client.members()).extracting(m -> m.id()).containsExactlyInAnyOrder("n1", "n2", "n3");
    String leader = cluster.awaitLeader();
    for (var member : client.members()) {
      var status = client.status(member);
      assertThat(status.memberId()).isEqualTo(member.id());
      assertThat(status.raftTerm()).isPositive();
      assertThat(status.role()).isEqualTo(member.id().equals(leader) ? "LEADER" : "FOLLOWER");
    }
  }
}
