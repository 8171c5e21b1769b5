package io.cairnkv.bench.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task once a second on a daemon thread until closed; used for progress lines. */
final class Ticker implements AutoCloseable {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kv-bench-progress");
    t.setDaemon(true);
    return t;
  });

  /** Starts running {@code task} every second, first one second from now. */
  Ticker(Runnable task) {
    executor.scheduleAtFixedRate(task, 1, 1, TimeUnit.SECONDS);
  }

  /** Stops the task and waits (at most 5 s) for a running tick to finish, so no line follows this call. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
