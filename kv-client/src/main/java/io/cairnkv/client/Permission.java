package io.cairnkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A right a role grants on keys: one key, a prefix, or a range {@code [key, rangeEnd)}, for reading,
 * writing or both. Immutable; the byte arrays are copied in and out.
 */
public final class Permission {
  /** What the permission allows. */
  public enum Type {
    /** Get and range reads, and compares in transactions. */
    READ,
    /** Put and delete (a delete or put asking for the previous value needs READ too). */
    WRITE,
    /** Both. */
    READWRITE
  }

  private final Type type;
  private final byte[] key;
  private final byte[] rangeEnd;

  private Permission(Type type, byte[] key, byte[] rangeEnd) {
    this.type = Objects.requireNonNull(type, "type");
    if (key.length == 0) {
      throw new IllegalArgumentException("a permission needs a non-empty key or prefix");
    }
    this.key = key.clone();
    this.rangeEnd = rangeEnd.clone();
  }

  /** {@code type} on exactly {@code key}. */
  public static Permission key(Type type, byte[] key) {
    return new Permission(type, key, new byte[0]);
  }

  /** {@code type} on every key starting with {@code prefix}. */
  public static Permission prefix(Type type, byte[] prefix) {
    return new Permission(type, prefix, KeyRange.prefixEnd(prefix));
  }

  /** {@code type} on every key starting with {@code prefix} (UTF-8). */
  public static Permission prefix(Type type, String prefix) {
    return prefix(type, prefix.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code type} on {@code [key, rangeEnd)}; {@link KeyRange#TO_END} reaches the end of the key space. */
  public static Permission range(Type type, byte[] key, byte[] rangeEnd) {
    if (rangeEnd.length == 0) {
      throw new IllegalArgumentException("a range needs an end; use key() for a single key");
    }
    return new Permission(type, key, rangeEnd);
  }

  /** Builds a permission as stored (empty end: one key). */
  static Permission of(Type type, byte[] key, byte[] rangeEnd) {
    return new Permission(type, key, rangeEnd);
  }

  /** What it allows. */
  public Type type() {
    return type;
  }

  /** First key covered. */
  public byte[] key() {
    return key.clone();
  }

  /** End of the range (exclusive); empty for a single key. */
  public byte[] rangeEnd() {
    return rangeEnd.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Permission && ((Permission) o).type == type && Arrays.equals(((Permission) o).key, key)
        && Arrays.equals(((Permission) o).rangeEnd, rangeEnd);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(key), Arrays.hashCode(rangeEnd));
  }

  @Override
  public String toString() {
    String k = new String(key, StandardCharsets.UTF_8);
    if (rangeEnd.length == 0) {
      return type + " " + k;
    }
    if (Arrays.equals(rangeEnd, KeyRange.prefixEnd(key))) {
      return type + " " + k + " (prefix)";
    }
    return type + " [" + k + ", " + (Arrays.equals(rangeEnd, KeyRange.TO_END) ? "<end>"
        : new String(rangeEnd, StandardCharsets.UTF_8)) + ")";
  }
}
