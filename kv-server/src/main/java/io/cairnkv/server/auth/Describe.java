package io.cairnkv.server.auth;

import com.google.protobuf.ByteString;

/** Human-readable key ranges for error and audit messages. */
final class Describe {
  private Describe() {}

  /** {@code key 'a/x'}, {@code range ['a/', 'a0')} or {@code range ['a/', end of key space)}. */
  static String range(ByteString key, ByteString rangeEnd) {
    if (rangeEnd.isEmpty()) {
      return "key '" + text(key) + "'";
    }
    boolean toEnd = rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0;
    return "range ['" + text(key) + "', " + (toEnd ? "end of key space" : "'" + text(rangeEnd) + "'") + ")";
  }

  private static String text(ByteString bytes) {
    // Keys are bytes; show printable ASCII as is and escape the rest, so messages stay one readable line.
    StringBuilder out = new StringBuilder();
    for (byte b : bytes.toByteArray()) {
      if (b >= 0x20 && b < 0x7f && b != '\'' && b != '\\') {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b & 0xff));
      }
    }
    return out.toString();
  }
}
