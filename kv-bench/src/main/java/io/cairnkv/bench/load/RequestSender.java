package io.cairnkv.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Sends the next operation of a stream and records its outcome when it completes. The caller holds one
 * in-flight permit per request; it is released when the request completes or fails to leave. Not
 * thread-safe (the stream is not): one dispatcher thread calls it.
 */
final class RequestSender {
  private final Workload workload;
  private final OperationStream operations;
  private final byte[] value;

  RequestSender(Workload workload, OperationStream operations, byte[] value) {
    this.workload = workload;
    this.operations = operations;
    this.value = value;
  }

  /**
   * Sends one request; its latency will be measured from {@code originNanos} (the actual send in a
   * closed loop, the intended send in an open loop).
   */
  void send(Semaphore permits, LatencyStats stats, long originNanos) {
    CompletableFuture<?> reply;
    try {
      reply = workload.execute(operations.nextOp(), operations.nextKey(), value);
    } catch (RuntimeException e) {
      stats.recordError();
      permits.release();
      return;
    }
    reply.whenComplete((r, e) -> {
      if (e == null) {
        stats.recordSuccess(System.nanoTime() - originNanos);
      } else {
        stats.recordError();
      }
      permits.release();
    });
  }
}
