package io.cairnkv.server.storage;

/**
 * Size and compaction figures of a store, as the engine estimates them; {@code -1} where it cannot tell.
 *
 * @param sstFilesBytes bytes of the table files on disk
 * @param memtableBytes bytes held in memtables (not flushed yet, plus those being flushed)
 * @param pendingCompactionBytes bytes compaction still has to rewrite to reach its target shape
 * @param estimatedKeys estimated number of keys (including the store's own metadata)
 * @param runningCompactions compactions running now
 */
public record StoreStats(long sstFilesBytes, long memtableBytes, long pendingCompactionBytes, long estimatedKeys,
    long runningCompactions) {
  /** Nothing known. */
  public static final StoreStats UNKNOWN = new StoreStats(-1, -1, -1, -1, -1);
}
