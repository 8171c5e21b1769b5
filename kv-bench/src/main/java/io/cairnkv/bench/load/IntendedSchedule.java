package io.cairnkv.bench.load;

/**
 * When each request of an open-loop run is meant to be sent: request {@code i} at
 * {@code start + i / rate}. Latency is measured from that intended time, not from when the request
 * actually left, so a stall of the server (or of this process) counts fully against every request it
 * delays instead of silently lowering the send rate ("coordinated omission", Gil Tene).
 *
 * <p>Each intended time is computed from {@code i} directly, so rounding never accumulates into drift.
 * Immutable and thread-safe.
 */
public final class IntendedSchedule {
  private static final double NANOS_PER_SECOND = 1e9;

  private final long startNanos;
  private final double ratePerSecond;

  /**
   * @param startNanos {@link System#nanoTime()} at which request 0 is due
   * @param ratePerSecond target rate, &gt; 0
   */
  public IntendedSchedule(long startNanos, double ratePerSecond) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, got " + ratePerSecond);
    }
    this.startNanos = startNanos;
    this.ratePerSecond = ratePerSecond;
  }

  /** The target rate in requests per second. */
  public double ratePerSecond() {
    return ratePerSecond;
  }

  /** The time request {@code i} (0-based) is due. */
  public long intendedNanos(long i) {
    if (i < 0) {
      throw new IllegalArgumentException("request number must be >= 0, got " + i);
    }
    return startNanos + Math.round(i * NANOS_PER_SECOND / ratePerSecond);
  }

  /** How many requests are due at {@code nowNanos} (those with an intended time at or before it). */
  public long dueBy(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    if (elapsed < 0) {
      return 0;
    }
    long n = (long) Math.floor(elapsed * ratePerSecond / NANOS_PER_SECOND) + 1;
    // Floating point can put n one off around a boundary; settle it with the exact intended times.
    while (n > 0 && intendedNanos(n - 1) > nowNanos) {
      n--;
    }
    while (intendedNanos(n) <= nowNanos) {
      n++;
    }
    return n;
  }

  /** Requests a run of {@code durationNanos} sends in total (those due strictly before its end). */
  public long countWithin(long durationNanos) {
    return dueBy(startNanos + durationNanos - 1);
  }

  /** The latency of request {@code i} that completed at {@code completedNanos}, counted from its intended time. */
  public long latencyNanos(long i, long completedNanos) {
    return completedNanos - intendedNanos(i);
  }
}
