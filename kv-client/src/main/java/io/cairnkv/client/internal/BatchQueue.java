package io.cairnkv.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The waiting queue and in-flight slots behind {@link WriteCoalescer} and {@link ReadCoalescer}: items wait
 * while {@code maxInFlight} batches are outstanding, and each freed slot takes every waiting item, up to
 * {@code maxItems} and {@code maxBytes} (a single larger item goes alone). Thread-safe.
 *
 * @param <T> the queued item
 */
final class BatchQueue<T> {
  private final int maxInFlight;
  private final int maxItems;
  private final int maxBytes;
  private final ToIntFunction<T> bytes;
  private final ArrayDeque<T> waiting = new ArrayDeque<>();
  private int inFlight;

  BatchQueue(int maxInFlight, int maxItems, int maxBytes, ToIntFunction<T> bytes) {
    if (maxInFlight < 1 || maxItems < 1) {
      throw new IllegalArgumentException("maxInFlight and maxItems must be >= 1");
    }
    this.maxInFlight = maxInFlight;
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
    this.bytes = bytes;
  }

  /** Queues {@code item}; returns the batch to send now (which then holds a slot), or null. */
  synchronized List<T> offer(T item) {
    waiting.add(item);
    return nextBatch();
  }

  /** Frees the slot of a completed batch; returns the next batch to send (holding the slot), or null. */
  synchronized List<T> release() {
    inFlight--;
    return nextBatch();
  }

  private List<T> nextBatch() {
    if (inFlight >= maxInFlight || waiting.isEmpty()) {
      return null;
    }
    List<T> batch = new ArrayList<>(Math.min(maxItems, waiting.size()));
    long size = 0;
    while (!waiting.isEmpty() && batch.size() < maxItems) {
      int next = bytes.applyAsInt(waiting.peek());
      if (!batch.isEmpty() && size + next > maxBytes) {
        break;
      }
      batch.add(waiting.poll());
      size += next;
    }
    inFlight++;
    return batch;
  }
}
