package io.cairnkv.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * Names the keys of a benchmark: {@code bench/0000000042}. Zero-padded, so key order is index order and
 * every key has the same length. Immutable.
 */
public final class KeySpace {
  /** Prefix of every benchmark key. */
  public static final String PREFIX = "bench/";
  private static final int DIGITS = 10;

  private final long count;

  /** A key space of {@code count} keys, {@code 1 <= count <= 10^10}. */
  public KeySpace(long count) {
    if (count < 1 || count > 10_000_000_000L) {
      throw new IllegalArgumentException("key count must be 1..10^10, got " + count);
    }
    this.count = count;
  }

  /** Number of keys. */
  public long count() {
    return count;
  }

  /** Length in bytes of every key. */
  public int keyBytes() {
    return PREFIX.length() + DIGITS;
  }

  /** The key with index {@code index}. */
  public byte[] key(long index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("key index " + index + " outside [0, " + count + ")");
    }
    byte[] out = new byte[keyBytes()];
    byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    long rest = index;
    for (int i = out.length - 1; i >= prefix.length; i--) {
      out[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return out;
  }
}
