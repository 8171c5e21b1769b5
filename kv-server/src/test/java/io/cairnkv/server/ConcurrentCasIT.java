package io.cairnkv.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.Compare;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Op;
import io.cairnkv.client.Txn;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrent clients increment shared counters with compare-and-swap transactions. No update may be
 * lost: each counter ends at exactly the number of acknowledged increments.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConcurrentCasIT {
  private static final int THREADS = 6;
  private static final int INCREMENTS_PER_THREAD = 20;
  private static final String[] COUNTERS = {"cas/a", "cas/b", "cas/c"};
  private static final int MAX_ATTEMPTS_PER_INCREMENT = 500;

  @Test
  void noLostUpdates() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("ConcurrentCasIT"), 3)) {
      List<KvClient> clients = List.of(cluster.newClient(), cluster.newClient(), cluster.newClient());
      AtomicLong[] acknowledged = new AtomicLong[COUNTERS.length];
      AtomicLong[] unknown = new AtomicLong[COUNTERS.length];
      for (int i = 0; i < COUNTERS.length; i++) {
        acknowledged[i] = new AtomicLong();
        unknown[i] = new AtomicLong();
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          KvClient client = clients.get(t % clients.size());
          int seed = t;
          workers.add(pool.submit(() -> {
            for (int n = 0; n < INCREMENTS_PER_THREAD; n++) {
              int c = (seed + n) % COUNTERS.length;
              if (increment(client, COUNTERS[c])) {
                acknowledged[c].incrementAndGet();
              } else {
                unknown[c].incrementAndGet();
              }
            }
            return null;
          }));
        }
        for (Future<?> w : workers) {
          w.get(3, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      KvClient reader = clients.get(0);
      long total = 0;
      for (int i = 0; i < COUNTERS.length; i++) {
        long value = Long.parseLong(reader.get(COUNTERS[i]).first().orElseThrow().valueUtf8());
        assertThat(unknown[i].get()).as("outcome-unknown increments on a healthy cluster").isZero();
        assertThat(value).as("counter %s", COUNTERS[i]).isEqualTo(acknowledged[i].get());
        total += value;
      }
      assertThat(total).isEqualTo((long) THREADS * INCREMENTS_PER_THREAD);
    }
  }

  /** One CAS increment, retried on contention; false if its outcome is unknown. */
  private static boolean increment(KvClient client, String counter) {
    byte[] key = counter.getBytes(UTF_8);
    for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_INCREMENT; attempt++) {
      Optional<KeyValue> current = client.get(counter).first();
      long value = current.map(kv -> Long.parseLong(kv.valueUtf8())).orElse(0L);
      long modRevision = current.map(KeyValue::modRevision).orElse(0L);
      Txn cas = Txn.builder()
          .when(Compare.modRevision(key, Compare.Operator.EQUAL, modRevision))
          .then(Op.put(key, Long.toString(value + 1).getBytes(UTF_8)))
          .build();
      try {
        if (client.txn(cas).succeeded()) {
          return true;
        }
      } catch (KvException.DeadlineExceededException | KvException.UnavailableException e) {
        return false;
      }
    }
    throw new AssertionError("no CAS on " + counter + " succeeded in " + MAX_ATTEMPTS_PER_INCREMENT + " attempts");
  }
}
