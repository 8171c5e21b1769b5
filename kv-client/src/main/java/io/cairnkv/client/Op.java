package io.cairnkv.client;

import java.util.Objects;

/**
 * One operation inside a {@link Txn}: a put, a read or a delete. Immutable.
 *
 * <p>Reads inside a transaction see the writes made earlier in the same branch, and are always served
 * at the transaction's own position in the log (they are linearizable by construction).
 */
public final class Op {
  /** What the operation does. */
  public enum Kind { PUT, GET, DELETE }

  private final Kind kind;
  private final byte[] key;
  private final byte[] value;
  private final boolean prevKv;
  private final GetOptions getOptions;
  private final DeleteOptions deleteOptions;

  private Op(Kind kind, byte[] key, byte[] value, boolean prevKv, GetOptions get, DeleteOptions delete) {
    this.kind = kind;
    this.key = Objects.requireNonNull(key, "key").clone();
    this.value = value;
    this.prevKv = prevKv;
    this.getOptions = get;
    this.deleteOptions = delete;
  }

  /** Puts {@code value} at {@code key}. */
  public static Op put(byte[] key, byte[] value) {
    return new Op(Kind.PUT, key, Objects.requireNonNull(value, "value").clone(), false, null, null);
  }

  /** Puts {@code value} at {@code key} and returns the previous key-value. */
  public static Op putWithPrevKv(byte[] key, byte[] value) {
    return new Op(Kind.PUT, key, Objects.requireNonNull(value, "value").clone(), true, null, null);
  }

  /** Reads {@code key} (or a range, per {@code options}; its consistency is ignored). */
  public static Op get(byte[] key, GetOptions options) {
    return new Op(Kind.GET, key, null, false, Objects.requireNonNull(options, "options"), null);
  }

  /** Reads one key. */
  public static Op get(byte[] key) {
    return get(key, GetOptions.DEFAULT);
  }

  /** Deletes {@code key} (or a range, per {@code options}). */
  public static Op delete(byte[] key, DeleteOptions options) {
    return new Op(Kind.DELETE, key, null, false, null, Objects.requireNonNull(options, "options"));
  }

  /** Deletes one key. */
  public static Op delete(byte[] key) {
    return delete(key, DeleteOptions.DEFAULT);
  }

  /** What the operation does. */
  public Kind kind() {
    return kind;
  }

  /** A copy of the key. */
  public byte[] key() {
    return key.clone();
  }

  /** A copy of the value of a put; null otherwise. */
  public byte[] value() {
    return value == null ? null : value.clone();
  }

  /** Whether a put returns the previous key-value. */
  public boolean isPrevKv() {
    return prevKv;
  }

  /** Options of a get; null otherwise. */
  public GetOptions getOptions() {
    return getOptions;
  }

  /** Options of a delete; null otherwise. */
  public DeleteOptions deleteOptions() {
    return deleteOptions;
  }
}
