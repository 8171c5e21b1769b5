package io.cairnkv.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.snapshot.SnapshotStore;
import io.cairnkv.server.storage.KvReader;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Raft snapshots with a tiny threshold and small log segments, so that snapshots, log purges and
 * snapshot installs all happen within a short test.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SnapshotIT {
  private static final Map<String, String> SNAPSHOT_HEAVY = Map.of(
      "snapshot.auto-trigger-entries", "40",
      "snapshot.retain", "2",
      "raft.server.log.segment.size.max", "8KB");

  @Test
  void snapshotsBoundTheLogAndRestartReplaysOnlyTheTail() throws IOException {
    // No snapshot on stop, so the restart below looks like a crash: the log has a tail past the snapshot.
    Map<String, String> settings = new java.util.HashMap<>(SNAPSHOT_HEAVY);
    settings.put("raft.server.snapshot.trigger-when-stop.enabled", "false");
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("SnapshotIT-tail"), 3, settings)) {
      KvClient client = cluster.newClient();
      for (int i = 0; i < 310; i++) {
        client.put("tail/" + i, "v" + i);
      }
      String id = cluster.awaitLeader();
      KvServer node = cluster.node(id);
      SnapshotStore.Snapshot latest = node.stateMachine().snapshots().latest().orElseThrow();
      assertThat(latest.manifest().index()).isGreaterThan(200);
      assertThat(node.stateMachine().snapshots().list()).as("retention keeps 2 snapshots").hasSizeLessThanOrEqualTo(2);
      assertThat(SnapshotStore.verify(latest)).isEmpty();
      assertThat(node.raftLogStartIndex()).as("log purged behind the snapshots").isGreaterThan(100);

      for (String member : cluster.ids()) {
        cluster.stopNode(member);
      }
      for (String member : cluster.ids()) {
        cluster.startNode(member);
      }
      cluster.awaitLeader();
      KvClient after = cluster.newClient();
      assertThat(after.get("tail/309").first().orElseThrow().valueUtf8()).isEqualTo("v309");
      for (String member : cluster.ids()) {
        var sm = cluster.node(member).stateMachine();
        long snapshotIndex = sm.snapshots().latest().orElseThrow().manifest().index();
        assertThat(sm.firstEntrySeen()).as("%s replays from its snapshot, not from the start", member)
            .isGreaterThan(snapshotIndex).isGreaterThan(200);
        assertThat(sm.entriesSkipped()).as("%s re-reads only the tail after its snapshot", member).isLessThan(120);
      }
    }
  }

  @Test
  void laggingFollowerAndEmptyMemberCatchUpBySnapshotInstall() throws IOException {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("SnapshotIT-install"), 3, SNAPSHOT_HEAVY)) {
      KvClient client = cluster.newClient();
      String leader = cluster.awaitLeader();
      String lagging = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      client.put("install/first", "1");
      cluster.stopNode(lagging);
      int writes = 300;
      for (int i = 0; i < writes; i++) {
        client.put("install/" + i, "v" + i);
      }
      assertThat(cluster.node(leader).raftLogStartIndex()).as("the leader purged what the follower missed")
          .isGreaterThan(10);

      cluster.startNode(lagging);
      awaitAllKeys(cluster, lagging, writes);
      assertThat(cluster.node(lagging).stateMachine().entriesApplied())
          .as("most of the missed writes arrived in a snapshot, not as log entries").isLessThan(writes / 2);

      // A brand-new empty member joins (Raft forbids reusing the identity of a member that lost its data).
      cluster.addNode("n4", client);
      awaitAllKeys(cluster, "n4", writes);
      assertThat(cluster.node("n4").stateMachine().entriesApplied()).isLessThan(writes / 2);
      client.put("install/after", "x");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> read(cluster, "n4", "install/after") != null);
      assertThat(client.members()).extracting(m -> m.id()).contains("n4");
    }
  }

  private static void awaitAllKeys(InProcessCluster cluster, String id, int writes) {
    Awaitility.await(id + " has every write").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> read(cluster, id, "install/" + (writes - 1)) != null);
    for (int i = 0; i < writes; i++) {
      assertThat(read(cluster, id, "install/" + i)).as("install/%d on %s", i, id).isEqualTo("v" + i);
    }
    assertThat(read(cluster, id, "install/first")).isEqualTo("1");
  }

  private static String read(InProcessCluster cluster, String id, String key) {
    var engine = cluster.node(id).stateMachine().engine();
    if (engine == null) {
      return null;
    }
    try (KvReader reader = engine.newReader()) {
      return reader.get(key.getBytes(UTF_8)).map(r -> new String(r.value(), UTF_8)).orElse(null);
    }
  }
}
