package io.cairnkv.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.KvRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader is stopped while clients write: a new leader takes over, every acknowledged write stays
 * readable, and the old leader, restarted, catches up with everything it missed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FailoverIT {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);
  private static final int WRITERS = 4;

  @Test
  void leaderStoppedMidLoadLosesNoAcknowledgedWrite() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("FailoverIT"), 3)) {
      KvClient client = cluster.newClient(Duration.ofSeconds(20));
      Map<String, String> acknowledged = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> writeUntilStopped(client, writer, stop, acknowledged)));
      }
      try {
        Awaitility.await("writes before the failover").atMost(Duration.ofSeconds(30))
            .until(() -> acknowledged.size() >= 100);
        String oldLeader = cluster.awaitLeader();
        int before = acknowledged.size();
        long stoppedAt = System.nanoTime();
        cluster.stopNode(oldLeader);

        String newLeader = cluster.awaitLeader();
        assertThat(newLeader).isNotEqualTo(oldLeader);
        client.put("failover/probe", "after");
        LOG.info("Leader {} stopped; {} became leader; first write after the stop succeeded {} ms later",
            oldLeader, newLeader, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt));

        Awaitility.await("writes after the failover").atMost(Duration.ofSeconds(60))
            .until(() -> acknowledged.size() >= before + 100);
        stop.set(true);
        for (Future<Integer> f : writers) {
          f.get(1, TimeUnit.MINUTES);
        }

        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
          assertThat(client.get(e.getKey()).first()).as("acknowledged key %s", e.getKey())
              .get().extracting(kv -> kv.valueUtf8()).isEqualTo(e.getValue());
        }

        cluster.startNode(oldLeader);
        long target = client.get("failover/probe").revision();
        Awaitility.await("restarted member catches up").atMost(Duration.ofSeconds(60))
            .until(() -> cluster.node(oldLeader).stateMachine().engine().appliedState().revision() >= target);
        try (KvReader local = cluster.node(oldLeader).stateMachine().engine().newReader()) {
          for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            Optional<KvRecord> record = local.get(e.getKey().getBytes(UTF_8));
            assertThat(record).as("key %s on the restarted member", e.getKey()).isPresent();
            assertThat(new String(record.get().value(), UTF_8)).isEqualTo(e.getValue());
          }
        }
      } finally {
        stop.set(true);
        pool.shutdownNow();
      }
    }
  }

  private static int writeUntilStopped(KvClient client, int writer, AtomicBoolean stop, Map<String, String> acked) {
    int failures = 0;
    for (int i = 0; !stop.get() && i < 100_000; i++) {
      String key = "failover/w" + writer + "/" + i;
      String value = "v" + i;
      try {
        client.put(key, value);
        acked.put(key, value);
      } catch (KvException.UnavailableException | KvException.DeadlineExceededException e) {
        failures++; // outcome unknown: not counted as acknowledged
      }
    }
    return failures;
  }
}
