package io.cairnkv.bench.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One run of the load generator against an open {@link Workload}: optional preload, warm-up (recorded
 * apart and discarded), then the measured phase. Progress lines go to {@code progress}.
 */
public final class LoadRun {
  /** Time the preload may take before the run gives up. */
  static final Duration PRELOAD_TIMEOUT = Duration.ofMinutes(30);

  private final LoadSpec spec;
  private final Workload workload;
  private final PrintStream progress;

  /** A run of {@code spec} on {@code workload} (which stays open afterwards); progress lines go to {@code progress}. */
  public LoadRun(LoadSpec spec, Workload workload, PrintStream progress) {
    this.spec = spec;
    this.workload = workload;
    this.progress = progress;
  }

  /**
   * Runs every phase and returns the measured one's result. Failed requests are counted in the result, not
   * thrown.
   *
   * @throws IllegalStateException if the preload fails
   */
  public RunResult run() throws InterruptedException {
    KeySpace keySpace = new KeySpace(spec.keyCount());
    byte[] value = value(spec.valueSize(), spec.seed());
    if (spec.preload()) {
      new Preloader(workload, keySpace, value, progress).run(PRELOAD_TIMEOUT);
    }
    OperationStream operations = new OperationStream(spec.mix(), spec.keyChooser(), keySpace, spec.seed());
    RequestSender sender = new RequestSender(workload, operations, value);
    LoadLoop loop = spec.openLoop()
        ? new OpenLoop(sender, spec.rate(), spec.inflight())
        : new ClosedLoop(sender, spec.inflight());
    progress.printf(Locale.ROOT, "%s: %s, %s loop, %s, %d keys (%s), %d-byte values, warm-up %d s, measure %d s%n",
        workload.system(), spec.workloadName(), spec.openLoop() ? "open" : "closed",
        spec.openLoop() ? String.format(Locale.ROOT, "%.0f ops/s (at most %d in flight)", spec.rate(), spec.inflight())
            : spec.inflight() + " in flight",
        spec.keyCount(), spec.keyChooser().describe(), spec.valueSize(), spec.warmup().toSeconds(),
        spec.duration().toSeconds());
    if (!spec.warmup().isZero()) {
      phase("warm-up", loop, spec.warmup());
    }
    LatencyStats stats = new LatencyStats();
    LoadLoop.Outcome outcome = phase("measure", loop, spec.duration(), stats);
    return RunResult.of(spec, workload.system(), stats.total(), stats.errors(), outcome);
  }

  private void phase(String name, LoadLoop loop, Duration length) throws InterruptedException {
    phase(name, loop, length, new LatencyStats());
  }

  private LoadLoop.Outcome phase(String name, LoadLoop loop, Duration length, LatencyStats stats)
      throws InterruptedException {
    LoadLoop.Outcome outcome;
    Ticker ticker = new Ticker(new PhaseProgress(name, stats, progress));
    try {
      // The drain allows one full request deadline: anything slower has failed on the client already.
      outcome = loop.run(length.toNanos(), spec.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5), stats);
    } finally {
      ticker.close();
    }
    stats.sampleInterval();
    return outcome;
  }

  /** A value of {@code size} random printable bytes (incompressible enough, and readable in a dump). */
  static byte[] value(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) ('!' + random.nextInt(94));
    }
    return out;
  }
}
