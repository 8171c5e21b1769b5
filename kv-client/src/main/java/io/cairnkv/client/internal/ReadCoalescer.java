package io.cairnkv.client.internal;

import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.proto.BatchReadRequest;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Packs concurrent point reads of one client and one consistency into shared read requests.
 *
 * <p>Every linearizable read costs the leader a ReadIndex round (a heartbeat to a majority) and a Raft
 * request, and every serializable read a Raft request to one replica; under concurrency those requests,
 * not the store, cap throughput. While {@code maxInFlight} requests
 * are outstanding, new reads wait here; when one completes, every waiting read (up to {@code maxBatch}) goes
 * out in the next {@link BatchReadRequest}, answered from one read index and one store snapshot. An idle
 * client sends each read at once, alone, as a plain range query.
 *
 * <p><b>Linearizability.</b> A read joins a batch only after it was invoked, and the batch's read index is
 * taken by the leader after the batch arrives, so every read in it observes every write that completed
 * before it was invoked. Each read keeps its own result, status and error. Thread-safe.
 */
public final class ReadCoalescer {
  private final Function<ReadQuery, CompletableFuture<ReadResult>> sender;
  private final BatchQueue<Pending> queue;

  private record Pending(RangeRequest range, CompletableFuture<ReadResult> result) {}

  /**
   * @param sender runs one read query (linearizably, or serializably on some replica)
   * @param maxInFlight read requests outstanding at once before reads start to wait
   * @param maxBatch most reads per request
   */
  public ReadCoalescer(Function<ReadQuery, CompletableFuture<ReadResult>> sender, int maxInFlight, int maxBatch) {
    this.sender = sender;
    this.queue = new BatchQueue<>(maxInFlight, maxBatch, Integer.MAX_VALUE, p -> 0);
  }

  /** Submits one point read; the future completes with its own result (whose status may be an error). */
  public CompletableFuture<ReadResult> submit(RangeRequest range) {
    CompletableFuture<ReadResult> result = new CompletableFuture<>();
    send(queue.offer(new Pending(range, result)));
    return result;
  }

  private void send(List<Pending> batch) {
    if (batch == null) {
      return;
    }
    ReadQuery query;
    if (batch.size() == 1) {
      query = ReadQuery.newBuilder().setRange(batch.get(0).range()).build();
    } else {
      BatchReadRequest.Builder ranges = BatchReadRequest.newBuilder();
      batch.forEach(p -> ranges.addRanges(p.range()));
      query = ReadQuery.newBuilder().setBatch(ranges).build();
    }
    CompletableFuture<ReadResult> reply;
    try {
      reply = sender.apply(query);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete((result, failure) -> {
      List<Pending> next = queue.release();
      try {
        complete(batch, result, failure);
      } finally {
        send(next);
      }
    });
  }

  private static void complete(List<Pending> batch, ReadResult result, Throwable failure) {
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      batch.forEach(p -> p.result().completeExceptionally(cause));
      return;
    }
    if (batch.size() == 1 || !result.hasBatch()) {
      // A single read's own result, or a whole-request error (e.g. UNAVAILABLE) that every read shares.
      batch.forEach(p -> p.result().complete(result));
      return;
    }
    if (result.getBatch().getResultsCount() != batch.size()) {
      KvException e = KvException.of(StatusCode.INTERNAL, "server returned " + result.getBatch().getResultsCount()
          + " results for " + batch.size() + " reads", null);
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(result.getBatch().getResults(i));
    }
  }
}
