package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.server.cluster.ProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
      Map<String, String> acked = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writers = Executors.newFixedThreadPool(3);
      List<Future<?>> running = List.of(
          writers.submit(() -> write(client, 0, stop, acked)),
          writers.submit(() -> write(client, 1, stop, acked)),
          writers.submit(() -> write(client, 2, stop, acked)));
      try {
        awaitMoreWrites(acked, 100);

        String leader = cluster.awaitLeader(Duration.ofSeconds(30));
        cluster.kill(leader);
        awaitMoreWrites(acked, 100);
        cluster.startNode(leader);

        String paused = cluster.awaitLeader(Duration.ofSeconds(30));
        cluster.pause(paused);
        KvClient probe = cluster.newClient(Duration.ofSeconds(2));
        Awaitility.await("another member takes over from the paused leader").atMost(Duration.ofSeconds(30))
            .until(() -> cluster.leader(probe).filter(l -> !l.equals(paused)).isPresent());
        awaitMoreWrites(acked, 100);
        cluster.resume(paused);
        awaitMoreWrites(acked, 50);
      } finally {
        stop.set(true);
        for (Future<?> f : running) {
          f.get(2, TimeUnit.MINUTES);
        }
        writers.shutdownNow();
      }

      for (String id : cluster.ids()) {
        cluster.kill(id);
      }
      for (String id : cluster.ids()) {
        cluster.startNode(id);
      }
      cluster.awaitLeader(Duration.ofSeconds(60));
      KvClient after = cluster.newClient(Duration.ofSeconds(20));
      for (Map.Entry<String, String> e : acked.entrySet()) {
        assertThat(after.get(e.getKey()).first()).as("acknowledged %s after kill -9 of every member", e.getKey())
            .get().extracting(kv -> kv.valueUtf8()).isEqualTo(e.getValue());
      }
    }
  }

  private static void awaitMoreWrites(Map<String, String> acked, int more) {
    int target = acked.size() + more;
    Awaitility.await("writes continue").atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= target);
  }

  private static Void write(KvClient client, int writer, AtomicBoolean stop, Map<String, String> acked) {
    for (int i = 0; !stop.get() && i < 1_000_000; i++) {
      String key = "fault/" + writer + "/" + i;
      try {
        client.put(key, "v" + i);
        acked.put(key, "v" + i);
      } catch (KvException e) {
        // unknown outcome: not counted
      }
    }
    return null;
  }
}
