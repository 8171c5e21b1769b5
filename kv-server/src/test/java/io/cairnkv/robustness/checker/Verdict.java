package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.HistoryPrinter;
import io.cairnkv.robustness.history.Operation;
import java.util.List;
import java.util.Objects;

/**
 * What a checker concluded about a history, printable for humans. Immutable.
 *
 * @param checker which checker spoke ("register", "set", "bank")
 * @param status the conclusion
 * @param summary what was checked and, on a violation, what is wrong; may span lines
 * @param witness on a violation, a small sub-history that shows it (empty otherwise)
 * @param originNanos the time printed as 0 ms: the first invocation of the checked history
 */
public record Verdict(String checker, Status status, String summary, List<Operation> witness, long originNanos) {
  /** The conclusion of a check. */
  public enum Status {
    /** The history satisfies the checker's property. */
    OK,
    /** The history violates the property; {@link #witness} shows how. */
    VIOLATION,
    /** The checker ran out of budget or lacked the operations it needs; nothing was proven. */
    INCONCLUSIVE
  }

  /** Validates and copies. */
  public Verdict {
    Objects.requireNonNull(checker, "checker");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    witness = List.copyOf(witness);
  }

  /** The history passed. */
  public static Verdict ok(String checker, String summary) {
    return new Verdict(checker, Status.OK, summary, List.of(), 0);
  }

  /** The history failed, as {@code witness} shows; times print relative to {@code originNanos}. */
  public static Verdict violation(String checker, String summary, List<Operation> witness, long originNanos) {
    return new Verdict(checker, Status.VIOLATION, summary, witness, originNanos);
  }

  /** Nothing was proven. */
  public static Verdict inconclusive(String checker, String summary) {
    return new Verdict(checker, Status.INCONCLUSIVE, summary, List.of(), 0);
  }

  /** Whether the status is {@link Status#OK}. */
  public boolean isOk() {
    return status == Status.OK;
  }

  /** The verdict for humans; witness times in milliseconds since {@link #originNanos}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append(checker).append(" checker: ").append(status).append(System.lineSeparator());
    b.append(summary).append(System.lineSeparator());
    if (!witness.isEmpty()) {
      b.append("witness (").append(witness.size()).append(" operations):").append(System.lineSeparator());
      b.append(HistoryPrinter.table(witness, originNanos));
    }
    return b.toString();
  }
}
