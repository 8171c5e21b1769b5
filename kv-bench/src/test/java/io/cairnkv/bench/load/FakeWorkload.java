package io.cairnkv.bench.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * A workload that answers each request after a delay chosen per request number, on a timer thread, and
 * tracks the most requests ever in flight.
 */
final class FakeWorkload implements Workload {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-workload");
    t.setDaemon(true);
    return t;
  });
  private final LongUnaryOperator delayMicrosOfRequest;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger inflight = new AtomicInteger();
  private final AtomicInteger maxInflight = new AtomicInteger();
  final AtomicLong loadedKeys = new AtomicLong();
  volatile boolean failEverything;

  FakeWorkload(LongUnaryOperator delayMicrosOfRequest) {
    this.delayMicrosOfRequest = delayMicrosOfRequest;
  }

  @Override
  public String system() {
    return "fake";
  }

  @Override
  public CompletableFuture<?> execute(OpType op, byte[] key, byte[] value) {
    long n = requests.getAndIncrement();
    maxInflight.accumulateAndGet(inflight.incrementAndGet(), Math::max);
    CompletableFuture<Object> reply = new CompletableFuture<>();
    timer.schedule(() -> {
      inflight.decrementAndGet();
      if (failEverything) {
        reply.completeExceptionally(new IllegalStateException("injected failure"));
      } else {
        reply.complete(op);
      }
    }, delayMicrosOfRequest.applyAsLong(n), TimeUnit.MICROSECONDS);
    return reply;
  }

  @Override
  public CompletableFuture<?> load(List<byte[]> keys, byte[] value) {
    loadedKeys.addAndGet(keys.size());
    return failEverything
        ? CompletableFuture.failedFuture(new IllegalStateException("injected failure"))
        : CompletableFuture.completedFuture(null);
  }

  @Override
  public int maxLoadBatch(int keyBytes, int valueBytes) {
    return 100;
  }

  long requests() {
    return requests.get();
  }

  int maxInflight() {
    return maxInflight.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
