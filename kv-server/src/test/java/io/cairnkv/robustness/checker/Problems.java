package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems a checker found, with the operations that show them; the first few are kept in full.
 * Not thread-safe.
 */
final class Problems {
  /** Problems listed before eliding the rest; the witness holds only their operations. */
  private static final int MAX_PROBLEMS = 20;

  private final List<String> lines = new ArrayList<>();
  private final Set<Operation> witness = new LinkedHashSet<>();
  private int count;

  /** Records a problem shown by {@code ops}. */
  void add(String problem, Operation... ops) {
    count++;
    if (lines.size() < MAX_PROBLEMS) {
      lines.add(problem);
      witness.addAll(List.of(ops));
    }
  }

  /** Whether none was found. */
  boolean isEmpty() {
    return count == 0;
  }

  /** The count and the kept problems, one a line. */
  String describe() {
    String more = count > lines.size() ? System.lineSeparator() + "... and " + (count - lines.size()) + " more" : "";
    return count + " problems:" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", lines)
        + more;
  }

  /** The operations of the kept problems, by invocation time. */
  List<Operation> witness() {
    List<Operation> ops = new ArrayList<>(witness);
    ops.sort(Comparator.comparingLong(Operation::invokeNanos));
    return ops;
  }
}
