package io.cairnkv.bench.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests at a target rate, whatever the system does: request {@code i} is due at
 * {@code start + i / rate} ({@link IntendedSchedule}) and its latency is counted from that time, so
 * queueing caused by a slow system is measured, not hidden (no coordinated omission).
 *
 * <p>Memory is bounded by a cap on requests in flight. At the cap the loop waits, still measuring from
 * the intended times; due requests it cannot send before the run ends are reported as unsent. Not
 * thread-safe: one run at a time.
 */
final class OpenLoop implements LoadLoop {
  private final RequestSender sender;
  private final double ratePerSecond;
  private final int maxInflight;

  OpenLoop(RequestSender sender, double ratePerSecond, int maxInflight) {
    if (maxInflight < 1) {
      throw new IllegalArgumentException("inflight cap must be >= 1, got " + maxInflight);
    }
    this.sender = sender;
    this.ratePerSecond = ratePerSecond;
    this.maxInflight = maxInflight;
  }

  @Override
  public Outcome run(long durationNanos, long drainNanos, LatencyStats stats) throws InterruptedException {
    Semaphore permits = new Semaphore(maxInflight);
    long start = System.nanoTime();
    long deadline = start + durationNanos;
    IntendedSchedule schedule = new IntendedSchedule(start, ratePerSecond);
    long due = schedule.countWithin(durationNanos);
    long sent = 0;
    for (long i = 0; i < due; i++) {
      long intended = schedule.intendedNanos(i);
      sleepUntil(intended);
      long now = System.nanoTime();
      if (now >= deadline || !permits.tryAcquire(deadline - now, TimeUnit.NANOSECONDS)) {
        break;
      }
      sent++;
      sender.send(permits, stats, intended);
    }
    long abandoned = Drain.await(permits, maxInflight, drainNanos, stats);
    return new Outcome(sent, due - sent, abandoned, System.nanoTime() - start);
  }

  /** Parks until {@code targetNanos}; returns at once if it has passed. */
  private static void sleepUntil(long targetNanos) throws InterruptedException {
    for (long left = targetNanos - System.nanoTime(); left > 0; left = targetNanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while pacing requests");
      }
    }
  }
}
