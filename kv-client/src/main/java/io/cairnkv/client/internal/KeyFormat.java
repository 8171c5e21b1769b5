package io.cairnkv.client.internal;

import com.google.protobuf.ByteString;

/** Renders keys for error messages and logs: printable ASCII as is, other bytes as \xNN, cut at 64 bytes. */
public final class KeyFormat {
  private static final int MAX_SHOWN = 64;

  private KeyFormat() {}

  /** A readable form of {@code key}. */
  public static String show(ByteString key) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(key.size(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      int b = key.byteAt(i) & 0xff;
      if (b >= 0x20 && b < 0x7f && b != '\\') {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b));
      }
    }
    if (key.size() > MAX_SHOWN) {
      out.append("...");
    }
    return out.toString();
  }

  /** A readable form of {@code key}. */
  public static String show(byte[] key) {
    return show(ByteString.copyFrom(key));
  }
}
