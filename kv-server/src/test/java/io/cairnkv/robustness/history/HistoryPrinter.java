package io.cairnkv.robustness.history;

import java.util.List;
import java.util.Locale;

/**
 * Renders operations as an aligned table for humans: one line per operation with process, invoke and
 * complete time in milliseconds since an origin, the call and its outcome. Stateless and thread-safe.
 */
public final class HistoryPrinter {
  /** Entries of a {@link Operation.Kind#READ_ALL} shown before eliding the rest. */
  private static final int SHOWN_ENTRIES = 8;

  private HistoryPrinter() {}

  /** The operations as a table, times relative to the earliest invocation among them. */
  public static String table(List<Operation> ops) {
    long origin = ops.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
    return table(ops, origin);
  }

  /** The operations as a table, times in milliseconds since {@code originNanos}. */
  public static String table(List<Operation> ops, long originNanos) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%5s  %-6s %11s %11s  %s%n", "#", "proc", "invoke ms", "complete ms",
        "operation -> outcome"));
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      b.append(String.format(Locale.ROOT, "%5d  p%-5d %11.3f %11.3f  %s%n", i, op.process(),
          millis(op.invokeNanos() - originNanos), millis(op.completeNanos() - originNanos), line(op)));
    }
    return b.toString();
  }

  /** One operation on one line: the call, then its outcome. */
  public static String line(Operation op) {
    String outcome = switch (op.outcome()) {
      case OK -> "OK";
      case FAIL -> op.error() == null ? "FAIL (compare false)" : "FAIL (" + op.error() + ")";
      case UNKNOWN -> "UNKNOWN (" + op.error() + ")";
    };
    return call(op) + "  " + outcome;
  }

  /** The call with its arguments and, when it succeeded, its result. */
  public static String call(Operation op) {
    List<String> in = op.input();
    boolean ok = op.outcome() == Operation.Outcome.OK;
    return switch (op.kind()) {
      case READ -> "read(" + op.key() + ")" + (ok ? " -> " + quote(op.readValue()) : "");
      case WRITE -> "write(" + op.key() + ", " + quote(arg(in, 0)) + ")";
      case CAS -> "cas(" + op.key() + ", " + quote(arg(in, 0)) + " -> " + quote(arg(in, 1)) + ")";
      case APPEND -> "append(" + op.key() + ", " + quote(arg(in, 0)) + ")";
      case READ_ALL -> "read-all(" + op.key() + ")" + (ok ? " -> " + entries(op.output()) : "");
      case TRANSFER -> "transfer(" + arg(in, 0) + " -> " + arg(in, 1) + ", " + arg(in, 2) + ")";
    };
  }

  private static String entries(List<String> output) {
    StringBuilder b = new StringBuilder().append(output.size()).append(" [");
    for (int i = 0; i < Math.min(SHOWN_ENTRIES, output.size()); i++) {
      b.append(i > 0 ? ", " : "").append(output.get(i));
    }
    if (output.size() > SHOWN_ENTRIES) {
      b.append(", ...");
    }
    return b.append(']').toString();
  }

  private static String arg(List<String> input, int i) {
    return i < input.size() ? input.get(i) : "?";
  }

  private static String quote(String value) {
    return value == null ? "absent" : '"' + value + '"';
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
