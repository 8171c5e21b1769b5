package io.cairnkv.bench.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The system under test, as the load generator sees it: one asynchronous call per operation and a bulk
 * load. A driver for another store (etcd, RheaKV) implements this interface so that every system runs
 * the very same loops, key choice and measurement.
 *
 * <p><b>Threading.</b> Thread-safe. Methods must not block: they return a future that completes on the
 * driver's own threads, normally within the driver's request deadline, and never stays incomplete
 * forever. A failed operation completes its future exceptionally.
 */
public interface Workload extends AutoCloseable {
  /** The name reported as {@code system} in results, e.g. {@code cairnkv}. */
  String system();

  /**
   * Sends one operation on {@code key}. {@code value} is used by writes; it may be shared between calls,
   * so the driver must not modify it.
   */
  CompletableFuture<?> execute(OpType op, byte[] key, byte[] value);

  /** Writes {@code value} to every key of {@code keys} in one request; at most {@link #maxLoadBatch} keys. */
  CompletableFuture<?> load(List<byte[]> keys, byte[] value);

  /** The largest number of keys of {@code keyBytes} with values of {@code valueBytes} one {@link #load} may carry. */
  int maxLoadBatch(int keyBytes, int valueBytes);

  /** Releases connections and threads; outstanding operations fail. */
  @Override
  void close();
}
