package io.cairnkv.bench.jmh;

import io.cairnkv.bench.load.KeySpace;
import io.cairnkv.server.storage.AppliedState;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.KvRecord;
import io.cairnkv.server.storage.KvWriteTxn;
import io.cairnkv.server.storage.RocksKvEngine;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RocksKvEngine} alone, no Raft: one put committed per batch (what applying a one-command entry
 * costs the engine), a point read through a fresh snapshot reader (what a query costs), and a 100-key
 * scan. The store is preloaded with {@link #keys} keys; the RocksDB write skips fsync, as in the server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Dlogback.configurationFile=kv-bench-logback.xml"})
public class EngineBenchmark {
  /** Keys in the store. */
  @Param("100000")
  public int keys;

  /** Bytes per value. */
  @Param("256")
  public int valueSize;

  private Path dir;
  private RocksKvEngine engine;
  private KeySpace keySpace;
  private byte[] value;
  private long index;

  /** Opens a fresh store and fills it. */
  @Setup(Level.Trial)
  public void open() {
    dir = BenchDirs.create("engine-");
    engine = RocksKvEngine.open(dir);
    keySpace = new KeySpace(keys);
    value = new byte[valueSize];
    java.util.Arrays.fill(value, (byte) 'v');
    for (int from = 0; from < keys; from += 1000) {
      try (KvWriteTxn txn = engine.beginWrite()) {
        for (int i = from; i < Math.min(keys, from + 1000); i++) {
          txn.put(keySpace.key(i), new KvRecord(1, 1, 1, value));
        }
        txn.commit(new AppliedState(1, ++index, 1));
      }
    }
  }

  /** Closes and deletes the store. */
  @TearDown(Level.Trial)
  public void close() {
    engine.close();
    BenchDirs.delete(dir);
  }

  /** Per-thread key choice. */
  @State(Scope.Thread)
  public static class Keys {
    private final SplittableRandom random = new SplittableRandom(42);

    byte[] next(EngineBenchmark b) {
      return b.keySpace.key(random.nextInt(b.keys));
    }
  }

  /** Read-modify-write of one key in its own batch, as one put command applies. Single writer. */
  @Benchmark
  public void putOnePerBatch(Keys keys) {
    byte[] key = keys.next(this);
    try (KvWriteTxn txn = engine.beginWrite()) {
      Optional<KvRecord> previous = txn.get(key);
      long version = previous.map(KvRecord::version).orElse(0L) + 1;
      txn.put(key, new KvRecord(1, index + 1, version, value));
      txn.commit(new AppliedState(1, ++index, index));
    }
  }

  /** A point read through a new snapshot reader, as a linearizable or serializable get does. */
  @Benchmark
  public Optional<KvRecord> getThroughNewReader(Keys keys) {
    try (KvReader reader = engine.newReader()) {
      return reader.get(keys.next(this));
    }
  }

  /** 100 consecutive keys from a random start. */
  @Benchmark
  public void scan100(Keys keys, Blackhole hole) {
    try (KvReader reader = engine.newReader()) {
      int[] left = {100};
      reader.scan(keys.next(this), null, false, (k, r) -> {
        hole.consume(r);
        return --left[0] > 0;
      });
    }
  }
}
