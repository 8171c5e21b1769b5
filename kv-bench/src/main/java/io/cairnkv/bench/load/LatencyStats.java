package io.cairnkv.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies and errors of one phase of a run. Request threads call {@link #recordSuccess} and
 * {@link #recordError} concurrently (wait-free, through HdrHistogram's {@link Recorder}); one reporting
 * thread calls {@link #sampleInterval()} to move what was recorded since its last call into the
 * phase's running total.
 */
public final class LatencyStats {
  /** Highest latency tracked; longer ones are clamped to it (the client deadline is far below). */
  static final long MAX_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Recorder recorder = new Recorder(1, MAX_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
  private final Histogram total = new Histogram(1, MAX_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
  private final LongAdder errors = new LongAdder();
  private Histogram interval;

  /** Records one successful request's latency. Thread-safe. */
  public void recordSuccess(long latencyNanos) {
    recorder.recordValue(Math.max(1, Math.min(latencyNanos, MAX_TRACKABLE_NANOS)));
  }

  /** Counts one failed request. Thread-safe. */
  public void recordError() {
    errors.increment();
  }

  /**
   * Takes the latencies recorded since the previous call, adds them to the total and returns them. Call
   * from one thread only; the returned histogram is reused by the next call.
   */
  public synchronized Histogram sampleInterval() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  /** Every latency sampled so far. Call from the sampling thread only, or after the phase ended. */
  public synchronized Histogram total() {
    return total;
  }

  /** Failed requests so far. */
  public long errors() {
    return errors.sum();
  }
}
