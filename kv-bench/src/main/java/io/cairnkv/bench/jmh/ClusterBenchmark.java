package io.cairnkv.bench.jmh;

import io.cairnkv.bench.load.KeySpace;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.Op;
import io.cairnkv.client.PutResult;
import io.cairnkv.client.ReadConsistency;
import io.cairnkv.client.Txn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end: the public client against a 3-replica cluster in the same JVM (gRPC over loopback, Raft log
 * fsync on, RocksDB). Each benchmark thread issues blocking calls, so {@code -t N} gives N requests in
 * flight; the client is shared, as applications should share it. Everything runs on one machine, so
 * the client competes with the three replicas for CPU: read the numbers as relative, not as capacity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g",
    "-Dlogback.configurationFile=kv-bench-logback.xml"})
public class ClusterBenchmark {
  /** Keys written before the run, and the space gets and puts pick from. */
  @Param("1000")
  public int keys;

  /** Bytes per value. */
  @Param("256")
  public int valueSize;

  private Path dir;
  private LocalCluster cluster;
  private KvClient client;
  private KeySpace keySpace;
  private byte[] value;
  private final GetOptions serializable = GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build();

  /** Starts the cluster and writes every key once. */
  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = BenchDirs.create("cluster-");
    cluster = LocalCluster.start(dir, 3);
    client = KvClient.builder().endpoints(cluster.peers()).requestTimeout(Duration.ofSeconds(30)).build();
    keySpace = new KeySpace(keys);
    value = new byte[valueSize];
    java.util.Arrays.fill(value, (byte) 'v');
    for (int from = 0; from < keys; from += 500) {
      Txn.Builder batch = Txn.builder();
      for (int i = from; i < Math.min(keys, from + 500); i++) {
        batch.then(Op.put(keySpace.key(i), value));
      }
      client.txn(batch.build());
    }
  }

  /** Stops the cluster and deletes its data. */
  @TearDown(Level.Trial)
  public void stop() {
    client.close();
    cluster.close();
    BenchDirs.delete(dir);
  }

  /** Per-thread key choice. */
  @State(Scope.Thread)
  public static class Keys {
    private static final AtomicLong SEEDS = new AtomicLong(42);
    private final SplittableRandom random = new SplittableRandom(SEEDS.incrementAndGet());

    byte[] next(ClusterBenchmark b) {
      return b.keySpace.key(random.nextInt(b.keys));
    }
  }

  /** A put, acknowledged once a majority fsynced it and the leader applied it. */
  @Benchmark
  public PutResult put(Keys keys) {
    return client.put(keys.next(this), value);
  }

  /** A linearizable get (ReadIndex through the leader). */
  @Benchmark
  public GetResult linearizableGet(Keys keys) {
    return client.get(keys.next(this));
  }

  /** A serializable get (one replica's local state). */
  @Benchmark
  public GetResult serializableGet(Keys keys) {
    return client.get(keys.next(this), serializable);
  }
}
