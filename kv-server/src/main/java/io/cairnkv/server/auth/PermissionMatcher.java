package io.cairnkv.server.auth;

import io.cairnkv.proto.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether granted permissions cover a requested key range. Ranges follow the wire convention:
 * an empty end means the single key, an end of one 0x00 byte means "to the end of the key space", else
 * {@code [key, end)} with keys compared as unsigned bytes. A request is covered when the union of the
 * granted ranges of a fitting type contains it, so {@code a/} + {@code b/} covers a range across both.
 * Stateless; pure functions.
 */
public final class PermissionMatcher {
  private static final byte[] TO_END = {0};

  private PermissionMatcher() {}

  /** What a request needs on a range. */
  public enum Access { READ, WRITE }

  /** Whether {@code granted} lets the caller {@code access} {@code [key, rangeEnd)} (wire convention). */
  public static boolean covers(List<Permission> granted, Access access, byte[] key, byte[] rangeEnd) {
    byte[] end = end(key, rangeEnd);
    if (end != null && Arrays.compareUnsigned(end, key) <= 0) {
      end = pointEnd(key); // an empty range still names its start key: require that much
    }
    List<Permission> fitting = new ArrayList<>();
    for (Permission p : granted) {
      if (fits(p.getType(), access)) {
        fitting.add(p);
      }
    }
    fitting.sort(Comparator.comparing(p -> p.getKey().toByteArray(), Arrays::compareUnsigned));
    byte[] covered = key; // everything in [key, covered) is known to be granted
    for (Permission p : fitting) {
      byte[] start = p.getKey().toByteArray();
      if (Arrays.compareUnsigned(start, covered) > 0) {
        return false; // sorted by start: nothing later closes the gap
      }
      byte[] grantedEnd = end(start, p.getRangeEnd().toByteArray());
      if (grantedEnd == null) {
        return true;
      }
      if (Arrays.compareUnsigned(grantedEnd, covered) > 0) {
        covered = grantedEnd;
      }
      if (end != null && Arrays.compareUnsigned(covered, end) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean fits(Permission.Type type, Access access) {
    switch (type) {
      case READWRITE: return true;
      case READ: return access == Access.READ;
      case WRITE: return access == Access.WRITE;
      default: return false;
    }
  }

  /** The exclusive end of a range; null for "to the end of the key space". */
  private static byte[] end(byte[] key, byte[] rangeEnd) {
    if (rangeEnd.length == 0) {
      return pointEnd(key);
    }
    return Arrays.equals(rangeEnd, TO_END) ? null : rangeEnd;
  }

  /** The smallest key after {@code key}: the exclusive end of the range holding only {@code key}. */
  private static byte[] pointEnd(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }
}
