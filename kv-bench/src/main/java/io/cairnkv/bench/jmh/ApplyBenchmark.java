package io.cairnkv.bench.jmh;

import com.google.protobuf.ByteString;
import io.cairnkv.bench.load.KeySpace;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.kv.WriteApplier;
import io.cairnkv.server.storage.KvWriteTxn;
import io.cairnkv.server.storage.RocksKvEngine;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The state machine's apply path without Raft: {@link WriteApplier} over one {@link KvWriteTxn} per log
 * entry, committed with its applied index, exactly as {@code KvStateMachine.applyTransaction} does. Compares
 * one put command per entry with 100 put commands per entry (request coalescing). Scores are per
 * <em>command</em> in both, so they compare directly. Single-threaded, like the apply thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Dlogback.configurationFile=kv-bench-logback.xml"})
public class ApplyBenchmark {
  private static final int COMMAND_POOL = 4096;

  /** Keys the puts spread over. */
  @Param("100000")
  public int keys;

  /** Bytes per value. */
  @Param("256")
  public int valueSize;

  private Path dir;
  private RocksKvEngine engine;
  private WriteCommand[] commands;
  private int nextCommand;
  private long term = 1;
  private long index;

  /** Opens an empty store and builds a pool of put commands on random keys. */
  @Setup(Level.Trial)
  public void open() {
    dir = BenchDirs.create("apply-");
    engine = RocksKvEngine.open(dir);
    KeySpace keySpace = new KeySpace(keys);
    SplittableRandom random = new SplittableRandom(7);
    byte[] value = new byte[valueSize];
    java.util.Arrays.fill(value, (byte) 'v');
    commands = new WriteCommand[COMMAND_POOL];
    for (int i = 0; i < COMMAND_POOL; i++) {
      commands[i] = WriteCommand.newBuilder().setPut(PutRequest.newBuilder()
          .setKey(ByteString.copyFrom(keySpace.key(random.nextInt(keys))))
          .setValue(ByteString.copyFrom(value))).build();
    }
  }

  /** Closes and deletes the store. */
  @TearDown(Level.Trial)
  public void close() {
    engine.close();
    BenchDirs.delete(dir);
  }

  private void applyEntry(int commandsPerEntry, Blackhole hole) {
    index++;
    try (KvWriteTxn txn = engine.beginWrite()) {
      WriteApplier applier = new WriteApplier(txn, engine.appliedState().revision(), "n1");
      for (int i = 0; i < commandsPerEntry; i++) {
        WriteResult result = applier.apply(commands[nextCommand], term, index);
        nextCommand = (nextCommand + 1) % COMMAND_POOL;
        hole.consume(result);
      }
      applier.commit(term, index);
    }
  }

  /** One put per log entry: one engine batch and one applied-state write per command. */
  @Benchmark
  @OperationsPerInvocation(1)
  public void oneCommandPerEntry(Blackhole hole) {
    applyEntry(1, hole);
  }

  /** 100 puts per log entry: the batch and applied-state costs shared by 100 commands. */
  @Benchmark
  @OperationsPerInvocation(100)
  public void hundredCommandsPerEntry(Blackhole hole) {
    applyEntry(100, hole);
  }
}
