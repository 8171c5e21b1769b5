// Measures, against the local cluster (deploy/local/cluster.sh start), for the snapshots issue:
//  - bulk load of N keys with 100-byte values (Txn batches of 1000 puts, 4 batches in flight)
//  - `bin/kvctl snapshot save` time and file size, `bin/kvctl snapshot restore` time
//  - restart time of one member after kill -9, without and with a recent Raft snapshot: from process start
//    until its applied index reaches the leader's commit index at kill time.
// Run from the repo root (honours KV_ENDPOINTS and CAIRNKV_BASE_PORT / CAIRNKV_LOCAL_DIR like cluster.sh):
//   java -cp "kv-server/target/kv-server.jar:kv-server/target/lib/*" docs/measurements/SnapshotProbe.java [keys] [--load-only]
// (Restart times are measured by docs/measurements/restart-time.sh, which uses the admin endpoints.)
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberStatus;
import io.cairnkv.client.Op;
import io.cairnkv.client.Txn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

public class SnapshotProbe {
  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean loadOnly = args.length > 1 && args[1].equals("--load-only");
    String endpoints = System.getenv().getOrDefault("KV_ENDPOINTS", "n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003");
    try (KvClient kv = KvClient.builder().endpoints(endpoints).requestTimeout(Duration.ofSeconds(60)).build()) {
      load(kv, keys);
      if (loadOnly) {
        return;
      }
      Path dir = Files.createTempDirectory("cairnkv-probe");
      Path file = dir.resolve("backup.cairnbak");
      long t = System.nanoTime();
      sh("bin/kvctl", "--endpoints", endpoints, "--timeout", "60s", "snapshot", "save", file.toString());
      System.out.printf("save: %d ms, file %.1f MiB%n", ms(t), Files.size(file) / 1048576.0);
      t = System.nanoTime();
      sh("bin/kvctl", "snapshot", "restore", file.toString(), "--data-dir", dir.resolve("restored").toString(),
          "--id", "n1", "--peers", "n1=127.0.0.1:1");
      System.out.printf("restore: %d ms%n", ms(t));

      String victim = follower(kv);
      System.out.printf("restart without a recent snapshot (log tail of the whole load): %d ms%n",
          restart(kv, victim));
      sh("bin/kvctl", "--endpoints", endpoints, "--timeout", "60s", "snapshot", "create", "--endpoint", victim);
      System.out.printf("restart with a recent snapshot: %d ms%n", restart(kv, victim));
    }
  }

  static void load(KvClient kv, int keys) throws Exception {
    byte[] value = new byte[100];
    Arrays.fill(value, (byte) 'v');
    int batch = 1000;
    Semaphore inFlight = new Semaphore(4);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long t = System.nanoTime();
    long lastPrint = t;
    for (int start = 0; start < keys; start += batch) {
      Txn.Builder txn = Txn.builder();
      for (int i = start; i < Math.min(keys, start + batch); i++) {
        txn.then(Op.put(String.format("key/%08d", i).getBytes(StandardCharsets.UTF_8), value));
      }
      inFlight.acquire();
      pending.add(kv.txnAsync(txn.build()).whenComplete((r, e) -> inFlight.release()));
      if (System.nanoTime() - lastPrint > 1_000_000_000L) {
        lastPrint = System.nanoTime();
        System.out.printf("loaded %d of %d keys%n", start, keys);
      }
    }
    CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
    System.out.printf("load: %d keys in %d ms%n", keys, ms(t));
  }

  /** Kills {@code id} with SIGKILL, starts it, and returns ms from start until it caught up. */
  static long restart(KvClient kv, String id) throws Exception {
    Member member = kv.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    long target = status(kv, leader(kv)).commitIndex();
    sh("deploy/local/cluster.sh", "kill", id);
    long t = System.nanoTime();
    Process p = new ProcessBuilder("deploy/local/cluster.sh", "start").inheritIO().start();
    while (true) {
      try {
        if (kv.status(member).appliedIndex() >= target) {
          break;
        }
      } catch (KvException notYet) {
        // still starting
      }
      Thread.sleep(20);
    }
    long elapsed = ms(t);
    p.waitFor();
    return elapsed;
  }

  static MemberStatus status(KvClient kv, Member m) {
    return kv.status(m);
  }

  static Member leader(KvClient kv) {
    for (Member m : kv.members()) {
      try {
        if (kv.status(m).role().equals("LEADER")) {
          return m;
        }
      } catch (KvException e) {
        // unreachable
      }
    }
    throw new IllegalStateException("no leader");
  }

  static String follower(KvClient kv) {
    Member leader = leader(kv);
    return kv.members().stream().filter(m -> !m.id().equals(leader.id())).findFirst().orElseThrow().id();
  }

  static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  static void sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
  }
}
