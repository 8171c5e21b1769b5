package io.cairnkv.bench.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes every key of the key space once, in batches as large as the workload allows, a few batches in
 * flight, with a progress line every second. Reads in the measured phase then always find their key.
 */
final class Preloader {
  /** Batches in flight: enough to keep the leader's log busy without piling up in the client. */
  static final int BATCHES_IN_FLIGHT = 4;

  private final Workload workload;
  private final KeySpace keySpace;
  private final byte[] value;
  private final PrintStream progress;

  Preloader(Workload workload, KeySpace keySpace, byte[] value, PrintStream progress) {
    this.workload = workload;
    this.keySpace = keySpace;
    this.value = value;
    this.progress = progress;
  }

  /**
   * Loads every key.
   *
   * @throws IllegalStateException if a batch fails or the load takes longer than {@code timeout}
   */
  void run(Duration timeout) throws InterruptedException {
    int batchSize = workload.maxLoadBatch(keySpace.keyBytes(), value.length);
    long total = keySpace.count();
    long batches = (total + batchSize - 1) / batchSize;
    Semaphore permits = new Semaphore(BATCHES_IN_FLIGHT);
    AtomicLong loaded = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    progress.printf(Locale.ROOT, "preload: %d keys in %d batches of up to %d%n", total, batches, batchSize);
    Ticker ticker = new Ticker(() -> printProgress(loaded.get(), total, start));
    try {
      for (long b = 0; b < batches && failure.get() == null; b++) {
        if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          throw new IllegalStateException("preload did not finish within " + timeout.toSeconds() + " s ("
              + loaded.get() + " of " + total + " keys)");
        }
        List<byte[]> keys = batch(b * batchSize, Math.min(total, (b + 1) * batchSize));
        workload.load(keys, value).whenComplete((r, e) -> {
          if (e == null) {
            loaded.addAndGet(keys.size());
          } else {
            failure.compareAndSet(null, e);
          }
          permits.release();
        });
      }
      long left = Math.max(0, deadline - System.nanoTime());
      if (!permits.tryAcquire(BATCHES_IN_FLIGHT, left, TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("preload did not finish within " + timeout.toSeconds() + " s");
      }
    } finally {
      ticker.close();
    }
    if (failure.get() != null) {
      Throwable e = failure.get();
      throw new IllegalStateException("preload failed after " + loaded.get() + " of " + total + " keys: "
          + (e.getCause() != null ? e.getCause() : e), e);
    }
    printProgress(loaded.get(), total, start);
  }

  private List<byte[]> batch(long from, long to) {
    List<byte[]> keys = new ArrayList<>((int) (to - from));
    for (long i = from; i < to; i++) {
      keys.add(keySpace.key(i));
    }
    return keys;
  }

  private void printProgress(long loaded, long total, long startNanos) {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    progress.printf(Locale.ROOT, "preload: %d/%d keys (%.0f%%), %.0f keys/s%n", loaded, total,
        100.0 * loaded / total, loaded / seconds);
  }
}
