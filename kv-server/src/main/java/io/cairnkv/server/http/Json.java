package io.cairnkv.server.http;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON from maps (insertion order kept), collections and arrays of objects, strings, numbers,
 * booleans and null. Enough for the admin endpoint without a JSON library; not a parser. NaN and
 * infinities, which JSON cannot carry, are written as null. Stateless and thread-safe.
 */
public final class Json {
  private Json() {}

  /**
   * The JSON text of {@code value}.
   *
   * @throws IllegalArgumentException for a type it cannot write, or a map key that is not a string
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence) {
      string(out, value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isFinite(d) ? String.valueOf(value) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map) {
      object(out, (Map<?, ?>) value);
    } else if (value instanceof Iterable) {
      array(out, ((Iterable<?>) value).iterator());
    } else if (value instanceof Object[]) {
      array(out, java.util.Arrays.asList((Object[]) value).iterator());
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException("JSON object keys must be strings, not " + e.getKey());
      }
      out.append(first ? "" : ",");
      first = false;
      string(out, (String) e.getKey());
      out.append(':');
      write(out, e.getValue());
    }
    out.append('}');
  }

  private static void array(StringBuilder out, Iterator<?> items) {
    out.append('[');
    for (boolean first = true; items.hasNext(); first = false) {
      out.append(first ? "" : ",");
      write(out, items.next());
    }
    out.append(']');
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          // Control characters must be escaped; U+2028/9 too, for JavaScript consumers.
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
