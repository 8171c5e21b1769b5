package io.cairnkv.bench.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The end of a phase: waiting, for a bounded time, until every in-flight permit is back. */
final class Drain {
  private Drain() {}

  /**
   * Waits up to {@code drainNanos} for all {@code capacity} permits; requests still outstanding after
   * that are counted as errors.
   *
   * @return the number of requests abandoned
   */
  static long await(Semaphore permits, int capacity, long drainNanos, LatencyStats stats) throws InterruptedException {
    if (permits.tryAcquire(capacity, drainNanos, TimeUnit.NANOSECONDS)) {
      permits.release(capacity);
      return 0;
    }
    long abandoned = capacity - permits.availablePermits();
    for (long i = 0; i < abandoned; i++) {
      stats.recordError();
    }
    return abandoned;
  }
}
