package io.cairnkv.robustness.history;

import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Operation} as one line of JSON, and back:
 * <pre>{"process":3,"kind":"CAS","key":"reg/k1","input":["a","b"],"output":[],"invoke":17,"complete":42,
 * "outcome":"FAIL","error":null}</pre>
 * The parser reads exactly this shape (strings, integers, null, arrays of strings) and ignores fields it
 * does not know, so that later versions may add some. Stateless and thread-safe.
 */
public final class OperationJson {
  private OperationJson() {}

  /** The operation as one line of JSON, without a line terminator. */
  public static String encode(Operation op) {
    StringBuilder b = new StringBuilder(128);
    b.append("{\"process\":").append(op.process());
    b.append(",\"kind\":");
    string(b, op.kind().name());
    b.append(",\"key\":");
    string(b, op.key());
    b.append(",\"input\":");
    array(b, op.input());
    b.append(",\"output\":");
    array(b, op.output());
    b.append(",\"invoke\":").append(op.invokeNanos());
    b.append(",\"complete\":").append(op.completeNanos());
    b.append(",\"outcome\":");
    string(b, op.outcome().name());
    b.append(",\"error\":");
    if (op.error() == null) {
      b.append("null");
    } else {
      string(b, op.error());
    }
    return b.append('}').toString();
  }

  /**
   * Parses one line written by {@link #encode}.
   *
   * @throws IllegalArgumentException naming the position, if the line is not such an object
   */
  public static Operation decode(String line) {
    Map<String, Object> fields = new Parser(line).object();
    return new Operation(
        (int) number(fields, "process"),
        Kind.valueOf(text(fields, "kind")),
        text(fields, "key"),
        strings(fields, "input"),
        strings(fields, "output"),
        number(fields, "invoke"),
        number(fields, "complete"),
        Outcome.valueOf(text(fields, "outcome")),
        (String) fields.get("error"));
  }

  private static void array(StringBuilder b, List<String> values) {
    b.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      string(b, values.get(i));
    }
    b.append(']');
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  private static Object required(Map<String, Object> fields, String name) {
    if (!fields.containsKey(name)) {
      throw new IllegalArgumentException("missing field \"" + name + "\"");
    }
    return fields.get(name);
  }

  private static long number(Map<String, Object> fields, String name) {
    Object v = required(fields, name);
    if (!(v instanceof Long)) {
      throw new IllegalArgumentException("field \"" + name + "\" is not an integer: " + v);
    }
    return (Long) v;
  }

  private static String text(Map<String, Object> fields, String name) {
    Object v = required(fields, name);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("field \"" + name + "\" is not a string: " + v);
    }
    return (String) v;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Map<String, Object> fields, String name) {
    Object v = required(fields, name);
    if (!(v instanceof List)) {
      throw new IllegalArgumentException("field \"" + name + "\" is not an array of strings: " + v);
    }
    return (List<String>) v;
  }

  /** A recursive-descent reader of one flat JSON object. */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> fields = new LinkedHashMap<>();
      expect('{');
      if (peek() == '}') {
        pos++;
        return end(fields);
      }
      do {
        String name = string();
        expect(':');
        fields.put(name, value());
      } while (consume(','));
      expect('}');
      return end(fields);
    }

    private Map<String, Object> end(Map<String, Object> fields) {
      if (peek() != 0) {
        throw error("trailing characters");
      }
      return fields;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '[') {
        pos++;
        List<String> values = new ArrayList<>();
        if (peek() == ']') {
          pos++;
          return values;
        }
        do {
          values.add(string());
        } while (consume(','));
        expect(']');
        return values;
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        int start = pos++;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        try {
          return Long.parseLong(s.substring(start, pos));
        } catch (NumberFormatException e) {
          throw error("bad integer");
        }
      }
      throw error("expected a string, an array of strings, an integer or null");
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (pos >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"': case '\\': case '/': b.append(e); break;
          case 'n': b.append('\n'); break;
          case 'r': b.append('\r'); break;
          case 't': b.append('\t'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u':
            if (pos + 4 > s.length()) {
              throw error("short \\u escape");
            }
            try {
              b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            pos += 4;
            break;
          default: throw error("unknown escape \\" + e);
        }
      }
    }

    private char peek() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      return pos < s.length() ? s.charAt(pos) : 0;
    }

    private boolean consume(char c) {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!consume(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private IllegalArgumentException error(String what) {
      String shown = s.length() <= 200 ? s : s.substring(0, 200) + "...";
      return new IllegalArgumentException(what + " at column " + (pos + 1) + " of: " + shown);
    }
  }
}
