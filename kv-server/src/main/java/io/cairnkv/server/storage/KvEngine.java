package io.cairnkv.server.storage;

/**
 * The local storage of one replica: keys with MVCC metadata, and the applied log position saved in the
 * same atomic write as the data. Knows nothing of Raft. Thread-safe: one writer at a time (the apply
 * thread), any number of concurrent readers.
 */
public interface KvEngine extends AutoCloseable {
  /** The last committed applied state. */
  AppliedState appliedState();

  /** A consistent point-in-time view. */
  KvReader newReader();

  /** A new write batch. Only one should be open at a time. */
  KvWriteTxn beginWrite();

  /**
   * Writes a consistent copy of the store into {@code target} (which must not exist), sharing immutable
   * files with the live store where the file system allows.
   *
   * @throws StorageException if the copy fails
   */
  void checkpoint(java.nio.file.Path target);

  /** The engine's estimate of the number of keys. */
  long estimatedKeyCount();

  /** Size and compaction figures, for monitoring; cheap enough to call on every metrics scrape. */
  default StoreStats stats() {
    return StoreStats.UNKNOWN;
  }

  @Override
  void close();
}
