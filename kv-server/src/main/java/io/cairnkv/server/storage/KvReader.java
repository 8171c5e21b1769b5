package io.cairnkv.server.storage;

import java.util.Optional;

/**
 * A consistent view of the store: every read through one reader sees the same point in time (plus,
 * for a {@link KvWriteTxn}, its own uncommitted writes). Not thread-safe; close it when done.
 */
public interface KvReader extends AutoCloseable {
  /** The record stored under {@code key}, if any. */
  Optional<KvRecord> get(byte[] key);

  /**
   * Visits the keys in {@code [start, end)} in order ({@code end == null}: to the end of the key space),
   * ascending or descending, until the visitor returns false.
   */
  void scan(byte[] start, byte[] end, boolean reverse, ScanVisitor visitor);

  /**
   * A store metadata record (such as the auth state), kept apart from the key space: no key a client
   * can write ever names it.
   */
  Optional<byte[]> metadata(String name);

  /** The applied state this view reflects. */
  AppliedState appliedState();

  @Override
  void close();

  /** Receives scanned entries. */
  @FunctionalInterface
  interface ScanVisitor {
    /** Returns false to stop the scan. {@code key} is a fresh array. */
    boolean visit(byte[] key, KvRecord record);
  }
}
