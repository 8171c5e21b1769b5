package io.cairnkv.server;

import io.cairnkv.client.GetOptions;
import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.tls.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Measurement, not a test: linearizable reads at 64 in flight for 2 x 8 s on an in-process 3-member cluster,
 * plaintext then mutual TLS, twice. Reproduce: copy into kv-server/src/test/java/io/cairnkv/server/ and run
 * {@code ./mvnw -B -o verify -pl kv-client,kv-server -Dtest=TlsReadProbeIT -Dsurefire.failIfNoSpecifiedTests=false -DskipITs};
 * it prints PROBE lines. Kept out of the test tree because it asserts nothing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TlsReadProbeIT {
  @Test
  void probe() throws Exception {
    Path dir = TestDirs.fresh("TlsReadProbeIT");
    TestCertificates certs = new TestCertificates(dir.resolve("certs"));
    TestCertificates.Ca ca = certs.ca("probe");
    TestCertificates.Issued node = certs.issue(ca, "node", "node");
    TestCertificates.Issued root = certs.issue(ca, "root", "root");
    for (int round = 0; round < 2; round++) {
      run("plain", dir.resolve("plain" + round), Map.of(), null);
      run("mtls", dir.resolve("mtls" + round), node.serverSettings(true), root);
    }
  }

  private static void run(String name, Path dir, Map<String, String> settings, TestCertificates.Issued user)
      throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(dir, 3, settings, Map.of(),
        user == null ? null : user.clientConfig())) {
      KvClient c = cluster.newClient();
      for (int i = 0; i < 100; i++) {
        c.put("k" + i, "v");
      }
      for (int phase = 0; phase < 2; phase++) {
        Semaphore inflight = new Semaphore(64);
        AtomicLong ok = new AtomicLong();
        AtomicLong err = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        int i = 0;
        while (System.nanoTime() < end) {
          inflight.acquire();
          c.getAsync(("k" + (i++ % 100)).getBytes(StandardCharsets.UTF_8), GetOptions.DEFAULT)
              .whenComplete((r, e) -> {
                (e == null ? ok : err).incrementAndGet();
                inflight.release();
              });
        }
        inflight.acquire(64);
        System.out.printf("PROBE %s phase %d: %.0f reads/s, %d errors%n", name, phase, ok.get() / 8.0, err.get());
      }
    }
  }
}
