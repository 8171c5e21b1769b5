// Measures, against the local cluster (deploy/local/cluster.sh start), for the snapshots issue:
//  - bulk load of N keys with 100-byte values (Txn batches of 1000 puts, 4 batches in flight)
//  - `bin/kvctl snapshot save` time and file size, `bin/kvctl snapshot restore` time
// Run from the repo root (honours KV_ENDPOINTS and CAIRNKV_BASE_PORT / CAIRNKV_LOCAL_DIR like cluster.sh):
//   java -cp "kv-server/target/kv-server.jar:kv-server/target/lib/*" docs/measurements/SnapshotProbe.java [keys] [--load-only]
// Restart times (with and without a recent Raft snapshot) are measured by docs/measurements/restart-time.sh
// against the cluster this probe loaded: run the probe with --load-only first.
import io.cairnkv.client.KvClient;
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
