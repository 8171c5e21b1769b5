package io.cairnkv.server.storage;

/**
 * A batch of writes that becomes durable, together with its {@link AppliedState}, in one atomic commit.
 * Reads through it see its own writes. Closing without {@link #commit} discards everything.
 * Not thread-safe.
 */
public interface KvWriteTxn extends KvReader {
  /** Stores {@code record} under {@code key}. */
  void put(byte[] key, KvRecord record);

  /** Removes {@code key}. */
  void delete(byte[] key);

  /** Stores a metadata record (see {@link #metadata}), committed atomically with the batch. */
  void putMetadata(String name, byte[] value);

  /** Marks a point that {@link #rollbackToSavePoint} returns to. */
  void setSavePoint();

  /** Undoes every write since the last {@link #setSavePoint}. */
  void rollbackToSavePoint();

  /** Writes the batch and {@code state} atomically. */
  void commit(AppliedState state);
}
