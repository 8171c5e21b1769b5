// Measures, against the local cluster (deploy/local/cluster.sh), the time from kill -9 of the leader to the
// first successful write, over several runs, and single-client put/get latency. Run from the repo root:
//   java -cp "kv-server/target/kv-server.jar:kv-server/target/lib/*" docs/measurements/FailoverProbe.java [runs]
// It kills and restarts nodes through deploy/local/cluster.sh and honours CAIRNKV_BASE_PORT/KV_ENDPOINTS.
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class FailoverProbe {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String endpoints = System.getenv().getOrDefault("KV_ENDPOINTS", "n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003");
    try (KvClient kv = KvClient.builder().endpoints(endpoints).requestTimeout(Duration.ofSeconds(30)).build()) {
      latency(kv);
      List<Long> failovers = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        String leader = leader(kv);
        kv.put("probe/warm", "x");
        long killed = System.nanoTime();
        sh("deploy/local/cluster.sh", "kill", leader);
        while (true) {
          try {
            kv.put("probe/failover", Integer.toString(run));
            break;
          } catch (KvException e) {
            // keep trying until a new leader accepts the write
          }
        }
        long ms = (System.nanoTime() - killed) / 1_000_000;
        failovers.add(ms);
        System.out.printf("run %d: killed leader %s, first successful write after %d ms%n", run + 1, leader, ms);
        sh("deploy/local/cluster.sh", "start");
      }
      long[] sorted = failovers.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("failover: median %d ms, min %d ms, max %d ms over %d runs %s%n", sorted[sorted.length / 2],
          sorted[0], sorted[sorted.length - 1], sorted.length, Arrays.toString(sorted));
    }
  }

  static void latency(KvClient kv) {
    int n = 2000;
    for (int i = 0; i < 500; i++) {
      kv.put("probe/lat/" + i, "v");
      kv.get("probe/lat/" + i);
    }
    long[] put = new long[n];
    long[] get = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      kv.put("probe/lat/" + (i % 500), "value-" + i);
      put[i] = System.nanoTime() - t;
      t = System.nanoTime();
      kv.get("probe/lat/" + (i % 500));
      get[i] = System.nanoTime() - t;
    }
    Arrays.sort(put);
    Arrays.sort(get);
    System.out.printf("single client, %d sequential ops: put p50 %.2f ms p99 %.2f ms; linearizable get p50 %.2f ms p99 %.2f ms%n",
        n, put[n / 2] / 1e6, put[n * 99 / 100] / 1e6, get[n / 2] / 1e6, get[n * 99 / 100] / 1e6);
  }

  static String leader(KvClient kv) {
    for (Member m : kv.members()) {
      try {
        if (kv.status(m).role().equals("LEADER")) {
          return m.id();
        }
      } catch (KvException e) {
        // unreachable member
      }
    }
    throw new IllegalStateException("no leader");
  }

  static void sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
  }
}
