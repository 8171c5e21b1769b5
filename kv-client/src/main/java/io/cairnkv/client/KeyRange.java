package io.cairnkv.client;

import java.util.Arrays;

/**
 * Helpers for key ranges, using etcd's conventions: a range is {@code [key, rangeEnd)}; an empty
 * {@code rangeEnd} means the single key; a {@code rangeEnd} of one zero byte means every key from
 * {@code key} on.
 */
public final class KeyRange {
  /** The {@code rangeEnd} that means "to the end of the key space". */
  public static final byte[] TO_END = {0};

  private KeyRange() {}

  /**
   * The smallest key greater than every key that starts with {@code prefix}: the range end of a prefix
   * scan. Returns {@link #TO_END} when no such key exists (empty prefix or all bytes 0xff).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xff) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return TO_END.clone();
  }
}
