package io.cairnkv.client.internal;

import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Packs concurrent writes of one client into shared Raft log entries.
 *
 * <p>One Raft entry per operation costs a replication round and an fsync each; under concurrency that
 * caps throughput far below what the disk and network allow. While {@code maxInFlight} entries are
 * outstanding, new writes wait here; when an entry completes, every waiting write (up to the batch
 * limits) goes out in the next one. An idle client therefore sends each write at once, with no added
 * latency, and a busy one sends ever larger batches.
 *
 * <p>Each write keeps its own result: the state machine applies the commands of an entry in order, each
 * with its own revision and status. A batch is retried as a unit under one Raft call id, so a retry is
 * still applied once. If the leader rejects a batch as invalid (one command over a limit), the batch
 * never entered the log, and its writes are re-sent one by one so that only the bad one fails.
 * Writes of one client are applied in submission order. Thread-safe.
 */
public final class WriteCoalescer {
  private final Function<LogEntryPayload, CompletableFuture<LogEntryResult>> sender;
  private final BatchQueue<Pending> queue;

  private record Pending(WriteCommand command, CompletableFuture<WriteResult> result) {}

  /**
   * @param sender appends one payload to the log
   * @param maxInFlight entries outstanding at once before writes start to wait
   * @param maxBatchCommands most commands per entry
   * @param maxBatchBytes most encoded command bytes per entry (a single larger command goes alone)
   */
  public WriteCoalescer(Function<LogEntryPayload, CompletableFuture<LogEntryResult>> sender, int maxInFlight,
      int maxBatchCommands, int maxBatchBytes) {
    this.sender = sender;
    this.queue = new BatchQueue<>(maxInFlight, maxBatchCommands, maxBatchBytes, p -> p.command().getSerializedSize());
  }

  /** Submits one write; the future completes with its own result. */
  public CompletableFuture<WriteResult> submit(WriteCommand command) {
    CompletableFuture<WriteResult> result = new CompletableFuture<>();
    send(queue.offer(new Pending(command, result)));
    return result;
  }

  private void send(List<Pending> batch) {
    if (batch == null) {
      return;
    }
    LogEntryPayload.Builder payload = LogEntryPayload.newBuilder();
    batch.forEach(p -> payload.addCommands(p.command()));
    sender.apply(payload.build()).whenComplete((results, failure) -> {
      List<Pending> next = queue.release();
      try {
        complete(batch, results, failure);
      } finally {
        send(next);
      }
    });
  }

  private void complete(List<Pending> batch, LogEntryResult results, Throwable failure) {
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      boolean rejectedWhole = cause instanceof KvException
          && ((KvException) cause).code() == StatusCode.INVALID_ARGUMENT && batch.size() > 1;
      for (Pending p : batch) {
        if (rejectedWhole) {
          // Nothing of the batch entered the log: find out which write was bad by sending each alone.
          resendAlone(p);
        } else {
          p.result().completeExceptionally(cause);
        }
      }
      return;
    }
    if (results.getResultsCount() != batch.size()) {
      KvException e = KvException.of(StatusCode.INTERNAL, "server returned " + results.getResultsCount()
          + " results for " + batch.size() + " commands", null);
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.getResults(i));
    }
  }

  private void resendAlone(Pending p) {
    sender.apply(LogEntryPayload.newBuilder().addCommands(p.command()).build()).whenComplete((r, e) -> {
      if (e != null) {
        p.result().completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      } else if (r.getResultsCount() != 1) {
        p.result().completeExceptionally(KvException.of(StatusCode.INTERNAL, "expected 1 result", null));
      } else {
        p.result().complete(r.getResults(0));
      }
    });
  }
}
