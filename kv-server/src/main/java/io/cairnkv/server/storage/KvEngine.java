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

  /** The engine's estimate of the number of keys. */
  long estimatedKeyCount();

  @Override
  void close();
}
