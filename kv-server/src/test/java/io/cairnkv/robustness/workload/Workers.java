package io.cairnkv.robustness.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a workload's client threads and waits, bounded, for all of them. Stateless and thread-safe. */
final class Workers {
  /** One client thread's loop; it must itself stop at its limits. */
  @FunctionalInterface
  interface Worker {
    void run(int thread) throws Exception;
  }

  private Workers() {}

  /**
   * Runs {@code worker} on {@code threads} threads named after {@code name}, and waits until all finish.
   *
   * @param maxWait how long to wait for all of them: the workload's duration plus its clients' deadline
   * @throws IllegalStateException if a worker failed or did not finish in time (it is interrupted)
   */
  static void run(String name, int threads, Duration maxWait, Worker worker) {
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-" + ids.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          worker.run(thread);
          return null;
        }));
      }
      long deadline = System.nanoTime() + maxWait.toNanos();
      for (Future<?> f : futures) {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " worker failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " workers did not finish within " + maxWait, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " workers", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
