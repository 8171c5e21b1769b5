package io.cairnkv.server.storage;

import java.util.Optional;

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

  /**
   * The revisions of the record under {@code key}, this batch's writes included, without its value: what a
   * put needs. Cheaper than {@link #get} when the key was written recently (the engine may remember it).
   */
  Optional<KeyRevisions> revisions(byte[] key);

  /** Writes the batch and {@code state} atomically. */
  void commit(AppliedState state);
}
