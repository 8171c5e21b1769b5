package io.cairnkv.ctl;

import io.cairnkv.client.Compare;
import io.cairnkv.client.DeleteOptions;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.Op;
import io.cairnkv.client.Txn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code kvctl txn} input, modelled on etcdctl's: three blocks separated by blank lines.
 *
 * <pre>
 * value("k") = "v"          compares, one per line: value|version|create|mod ("KEY") =|!=|&lt;|&gt; VALUE
 * mod("k") &lt; 12
 *
 * put k new-value            operations run when every compare holds: put KEY VALUE | get KEY [--prefix]
 * del other                  | del KEY [--prefix]
 *
 * get k                      operations run otherwise
 * </pre>
 *
 * Keys and values may be double-quoted (with \" and \\ escapes) to hold spaces. Lines starting with
 * {@code #} are ignored.
 */
public final class TxnParser {
  private static final Pattern COMPARE =
      Pattern.compile("^(value|version|create|mod)\\(\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^)\\s]+)\\s*\\)\\s*(=|!=|<|>)\\s*(.+)$");

  private TxnParser() {}

  /** A syntax error; the message names the line. */
  public static final class TxnSyntaxException extends Exception {
    TxnSyntaxException(int line, String message) {
      super("txn input line " + line + ": " + message);
    }
  }

  /** Parses the whole input. */
  public static Txn parse(String input) throws TxnSyntaxException {
    String[] lines = input.split("\r?\n", -1);
    List<List<Numbered>> blocks = new ArrayList<>();
    blocks.add(new ArrayList<>());
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isEmpty()) {
        if (blocks.size() < 3) {
          blocks.add(new ArrayList<>());
        } else if (!blocks.get(2).isEmpty() && i < lines.length - 1 && hasContentAfter(lines, i)) {
          throw new TxnSyntaxException(i + 1, "more than three blocks; expected compares, success ops, failure ops");
        }
        continue;
      }
      blocks.get(blocks.size() - 1).add(new Numbered(i + 1, line));
    }
    Txn.Builder txn = Txn.builder();
    for (Numbered n : blocks.get(0)) {
      txn.when(compare(n));
    }
    if (blocks.size() > 1) {
      for (Numbered n : blocks.get(1)) {
        txn.then(op(n));
      }
    }
    if (blocks.size() > 2) {
      for (Numbered n : blocks.get(2)) {
        txn.otherwise(op(n));
      }
    }
    return txn.build();
  }

  private static boolean hasContentAfter(String[] lines, int i) {
    for (int j = i + 1; j < lines.length; j++) {
      if (!lines[j].isBlank() && !lines[j].strip().startsWith("#")) {
        return true;
      }
    }
    return false;
  }

  private record Numbered(int line, String text) {}

  private static Compare compare(Numbered n) throws TxnSyntaxException {
    Matcher m = COMPARE.matcher(n.text());
    if (!m.matches()) {
      throw new TxnSyntaxException(n.line(), "expected a compare like value(\"key\") = \"v\" or mod(\"key\") > 5, got: "
          + n.text());
    }
    byte[] key = bytes(unquote(n.line(), m.group(2)));
    Compare.Operator op = switch (m.group(3)) {
      case "=" -> Compare.Operator.EQUAL;
      case "!=" -> Compare.Operator.NOT_EQUAL;
      case "<" -> Compare.Operator.LESS;
      default -> Compare.Operator.GREATER;
    };
    String operand = m.group(4).strip();
    if (m.group(1).equals("value")) {
      return Compare.value(key, op, bytes(unquote(n.line(), operand)));
    }
    long number;
    try {
      number = Long.parseLong(operand);
    } catch (NumberFormatException e) {
      throw new TxnSyntaxException(n.line(), m.group(1) + " compares against a whole number, got: " + operand);
    }
    return switch (m.group(1)) {
      case "version" -> Compare.version(key, op, number);
      case "create" -> Compare.createRevision(key, op, number);
      default -> Compare.modRevision(key, op, number);
    };
  }

  private static Op op(Numbered n) throws TxnSyntaxException {
    List<String> words = split(n);
    if (words.isEmpty()) {
      throw new TxnSyntaxException(n.line(), "empty operation");
    }
    String verb = words.get(0);
    boolean prefix = words.size() == 3 && words.get(2).equals("--prefix");
    switch (verb) {
      case "put":
        if (words.size() != 3) {
          throw new TxnSyntaxException(n.line(), "put takes a key and a value: put KEY VALUE");
        }
        return Op.put(bytes(words.get(1)), bytes(words.get(2)));
      case "get":
        if (words.size() != 2 && !prefix) {
          throw new TxnSyntaxException(n.line(), "get takes a key and optionally --prefix: get KEY [--prefix]");
        }
        return Op.get(bytes(words.get(1)), prefix ? GetOptions.builder().prefix().build() : GetOptions.DEFAULT);
      case "del":
        if (words.size() != 2 && !prefix) {
          throw new TxnSyntaxException(n.line(), "del takes a key and optionally --prefix: del KEY [--prefix]");
        }
        return Op.delete(bytes(words.get(1)), prefix ? DeleteOptions.builder().prefix().build() : DeleteOptions.DEFAULT);
      default:
        throw new TxnSyntaxException(n.line(), "unknown operation '" + verb + "'; use put, get or del");
    }
  }

  /** Splits on spaces, honouring double quotes. */
  private static List<String> split(Numbered n) throws TxnSyntaxException {
    List<String> words = new ArrayList<>();
    String s = n.text();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int end = closingQuote(s, i);
        if (end < 0) {
          throw new TxnSyntaxException(n.line(), "unterminated quote");
        }
        words.add(unquote(n.line(), s.substring(i, end + 1)));
        i = end + 1;
      } else {
        int end = i;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
          end++;
        }
        words.add(s.substring(i, end));
        i = end;
      }
    }
    return words;
  }

  private static int closingQuote(String s, int open) {
    for (int i = open + 1; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == '"') {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(int line, String token) throws TxnSyntaxException {
    if (!token.startsWith("\"")) {
      return token;
    }
    if (token.length() < 2 || !token.endsWith("\"") || closingQuote(token, 0) != token.length() - 1) {
      throw new TxnSyntaxException(line, "bad quoting in " + token);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < token.length() - 1; i++) {
      char c = token.charAt(i);
      if (c == '\\' && i + 1 < token.length() - 1) {
        out.append(token.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
