package io.cairnkv.bench.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of requests in flight: a new request leaves as soon as one completes. Measures the
 * throughput the system reaches at that concurrency; latency is counted from the actual send. Not
 * thread-safe: one run at a time.
 */
final class ClosedLoop implements LoadLoop {
  private final RequestSender sender;
  private final int inflight;

  ClosedLoop(RequestSender sender, int inflight) {
    if (inflight < 1) {
      throw new IllegalArgumentException("inflight must be >= 1, got " + inflight);
    }
    this.sender = sender;
    this.inflight = inflight;
  }

  @Override
  public Outcome run(long durationNanos, long drainNanos, LatencyStats stats) throws InterruptedException {
    Semaphore permits = new Semaphore(inflight);
    long start = System.nanoTime();
    long deadline = start + durationNanos;
    long sent = 0;
    for (long now = start; now < deadline; now = System.nanoTime()) {
      if (!permits.tryAcquire(deadline - now, TimeUnit.NANOSECONDS)) {
        break;
      }
      sent++;
      sender.send(permits, stats, System.nanoTime());
    }
    long abandoned = Drain.await(permits, inflight, drainNanos, stats);
    return new Outcome(sent, 0, abandoned, System.nanoTime() - start);
  }
}
