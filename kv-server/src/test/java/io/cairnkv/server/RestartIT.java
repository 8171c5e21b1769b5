package io.cairnkv.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.Compare;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.Op;
import io.cairnkv.client.Txn;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Restarts with non-idempotent history: nothing lost, nothing applied twice. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RestartIT {
  private static final int KEYS = 50;
  private static final int CAS_STEPS = 30;

  @Test
  void fullClusterRestartKeepsEveryKeyValueVersionAndRevision() {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("RestartIT-full"), 3)) {
      KvClient client = cluster.newClient();
      writeHistory(client);
      List<KeyValue> before = client.get(new byte[] {'r'}, GetOptions.builder().prefix().build()).kvs();
      long revisionBefore = client.get("restart/counter").revision();

      for (String id : cluster.ids()) {
        cluster.stopNode(id);
      }
      for (String id : cluster.ids()) {
        cluster.startNode(id);
      }
      cluster.awaitLeader();

      KvClient after = cluster.newClient();
      List<KeyValue> restored = after.get(new byte[] {'r'}, GetOptions.builder().prefix().build()).kvs();
      assertThat(restored).containsExactlyElementsOf(before);
      assertThat(after.get("restart/counter").revision()).isEqualTo(revisionBefore);
      assertThat(after.get("restart/counter").first().orElseThrow().valueUtf8()).isEqualTo(Integer.toString(CAS_STEPS));

      // The next write continues the revision sequence and the versions: nothing was applied twice.
      long next = after.put("restart/counter", "next").revision();
      assertThat(next).isEqualTo(revisionBefore + 1);
      assertThat(after.get("restart/counter").first().orElseThrow().version()).isEqualTo(CAS_STEPS + 2);
      for (String id : cluster.ids()) {
        long id0 = revisionBefore + 1;
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> cluster.node(id).stateMachine().engine().appliedState().revision() == id0);
      }
    }
  }

  @Test
  void restartedFollowerCatchesUp() {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("RestartIT-follower"), 3)) {
      KvClient client = cluster.newClient();
      String leader = cluster.awaitLeader();
      String follower = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      client.put("restart/before", "1");
      cluster.stopNode(follower);
      for (int i = 0; i < 100; i++) {
        client.put("restart/missed/" + i, "v" + i);
      }
      long target = client.get("restart/before").revision();
      cluster.startNode(follower);
      Awaitility.await("follower catches up").atMost(Duration.ofSeconds(60))
          .until(() -> cluster.node(follower).stateMachine().engine().appliedState().revision() == target);
      try (var reader = cluster.node(follower).stateMachine().engine().newReader()) {
        for (int i = 0; i < 100; i++) {
          assertThat(reader.get(("restart/missed/" + i).getBytes(UTF_8))).get()
              .extracting(r -> new String(r.value(), UTF_8)).isEqualTo("v" + i);
        }
      }
    }
  }

  /** Versions, revisions and a CAS chain: any double apply shows up in them. */
  private static void writeHistory(KvClient client) {
    for (int i = 0; i < KEYS; i++) {
      client.put("restart/k" + i, "a" + i);
      if (i % 2 == 0) {
        client.put("restart/k" + i, "b" + i);
      }
    }
    byte[] counter = "restart/counter".getBytes(UTF_8);
    client.put("restart/counter", "0");
    for (int step = 1; step <= CAS_STEPS; step++) {
      KeyValue current = client.get("restart/counter").first().orElseThrow();
      boolean ok = client.txn(Txn.builder()
          .when(Compare.modRevision(counter, Compare.Operator.EQUAL, current.modRevision()))
          .then(Op.put(counter, Integer.toString(step).getBytes(UTF_8)))
          .build()).succeeded();
      assertThat(ok).isTrue();
    }
    client.delete("restart/k1");
  }
}
