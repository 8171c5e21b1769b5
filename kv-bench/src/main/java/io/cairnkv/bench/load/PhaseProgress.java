package io.cairnkv.bench.load;

import java.io.PrintStream;
import org.HdrHistogram.Histogram;

/**
 * The once-a-second progress line of a phase: throughput of the last second, and p50/p99 of every
 * request so far in the phase. It is also what moves recorded latencies into the phase total, so it
 * must be the only caller of {@link LatencyStats#sampleInterval()} while the phase runs.
 */
final class PhaseProgress implements Runnable {
  private final String phase;
  private final LatencyStats stats;
  private final PrintStream out;
  private final long startNanos;
  private long lastNanos;
  private long lastErrors;

  PhaseProgress(String phase, LatencyStats stats, PrintStream out) {
    this.phase = phase;
    this.stats = stats;
    this.out = out;
    this.startNanos = System.nanoTime();
    this.lastNanos = startNanos;
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    Histogram interval = stats.sampleInterval();
    Histogram total = stats.total();
    long errors = stats.errors();
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    out.println(line(phase, (now - startNanos) / 1e9, interval.getTotalCount() / seconds,
        total.getValueAtPercentile(50) / 1e6, total.getValueAtPercentile(99) / 1e6, errors - lastErrors));
    lastNanos = now;
    lastErrors = errors;
  }

  /** {@code [measure   5s]     1234 ops/s   p50    1.234 ms   p99    5.678 ms   errors 0}. */
  static String line(String phase, double elapsedSeconds, double opsPerSecond, double p50Ms, double p99Ms,
      long errors) {
    return String.format(java.util.Locale.ROOT, "[%-7s %4.0fs] %9.0f ops/s   p50 %8.3f ms   p99 %8.3f ms   errors %d",
        phase, elapsedSeconds, opsPerSecond, p50Ms, p99Ms, errors);
  }
}
