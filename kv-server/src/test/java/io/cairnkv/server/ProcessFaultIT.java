package io.cairnkv.server;

import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.AckedWriters;
import io.cairnkv.server.cluster.ProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults only real processes have, under write load: kill -9 of the leader, a SIGSTOP of the leader longer
 * than the election timeout, and kill -9 of every member at once. No acknowledged write may be lost.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProcessFaultIT {
  @Test
  void acknowledgedWritesSurviveKillsPausesAndAFullCrash() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(TestDirs.fresh("ProcessFaultIT"), 3,
        Map.of("snapshot.auto-trigger-entries", "500"))) {
      KvClient client = cluster.newClient(Duration.ofSeconds(20));
      AckedWriters writes = new AckedWriters(client, "fault/", 3);
      try (writes) {
        writes.awaitMore(100);

        String leader = cluster.awaitLeader(Duration.ofSeconds(30));
        cluster.kill(leader);
        writes.awaitMore(100);
        cluster.startNode(leader);

        String paused = cluster.awaitLeader(Duration.ofSeconds(30));
        cluster.pause(paused);
        KvClient probe = cluster.newClient(Duration.ofSeconds(2));
        Awaitility.await("another member takes over from the paused leader").atMost(Duration.ofSeconds(30))
            .until(() -> cluster.leader(probe).filter(l -> !l.equals(paused)).isPresent());
        writes.awaitMore(100);
        cluster.resume(paused);
        writes.awaitMore(50);
      }

      for (String id : cluster.ids()) {
        cluster.kill(id);
      }
      for (String id : cluster.ids()) {
        cluster.startNode(id);
      }
      cluster.awaitLeader(Duration.ofSeconds(60));
      KvClient after = cluster.newClient(Duration.ofSeconds(20));
      writes.assertAllReadable(after, "after kill -9 of every member");
    }
  }
}
