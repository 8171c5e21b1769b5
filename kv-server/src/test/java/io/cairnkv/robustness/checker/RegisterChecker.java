package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.HistoryPrinter;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks that a history of {@link Kind#READ}, {@link Kind#WRITE} and {@link Kind#CAS} operations on a
 * few keys is linearizable, each key being an independent register that starts absent.
 *
 * <p>Linearizability is local, so the history is split per key and each key is searched on its own
 * ({@link LinearizationSearch}). A key that is not linearizable is reported with a witness shrunk by
 * {@link WitnessShrinker}; a key whose search runs out of budget makes the verdict
 * {@link Verdict.Status#INCONCLUSIVE} unless another key is a violation. Thread-safe (stateless apart from
 * its budgets).
 */
public final class RegisterChecker {
  /** This checker's name in verdicts. */
  public static final String NAME = "register";
  private static final Set<Kind> KINDS = EnumSet.of(Kind.READ, Kind.WRITE, Kind.CAS);

  private final SearchBudget perKey;
  private final Duration shrinkTime;

  /** A checker with {@link SearchBudget#DEFAULT} per key and up to 20 s to shrink a witness. */
  public RegisterChecker() {
    this(SearchBudget.DEFAULT, Duration.ofSeconds(20));
  }

  /**
   * @param perKey the budget of the search of each key
   * @param shrinkTime the time spent shrinking a witness (the witness is the whole key's history at worst)
   */
  public RegisterChecker(SearchBudget perKey, Duration shrinkTime) {
    this.perKey = Objects.requireNonNull(perKey, "perKey");
    this.shrinkTime = Objects.requireNonNull(shrinkTime, "shrinkTime");
  }

  /**
   * Checks {@code history}.
   *
   * @throws IllegalArgumentException if it holds an operation other than a read, write or CAS
   */
  public Verdict check(List<Operation> history) {
    long origin = history.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
    Map<String, List<Operation>> byKey = new TreeMap<>();
    Map<String, Integer> ignored = new TreeMap<>();
    for (Operation op : history) {
      if (!KINDS.contains(op.kind())) {
        throw new IllegalArgumentException("not a register operation: " + op);
      }
      if (LinearizationSearch.uses(op)) {
        byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
      } else {
        ignored.merge(op.key(), 1, Integer::sum);
      }
    }
    List<String> lines = new ArrayList<>();
    Verdict violation = null;
    boolean exhausted = false;
    for (Map.Entry<String, List<Operation>> e : byKey.entrySet()) {
      String key = e.getKey();
      List<Operation> ops = UnobservedUnknowns.drop(e.getValue());
      long unknown = ops.stream().filter(Operation::isUnknown).count();
      int unobserved = e.getValue().size() - ops.size();
      LinearizationSearch.Result result = LinearizationSearch.run(ops, perKey);
      lines.add(String.format(Locale.ROOT,
          "key %s: %s (%d operations searched, %d with unknown outcome; left out: %d unobservable unknown,"
              + " %d without effect; %d steps)",
          key, result.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), ops.size(), unknown, unobserved,
          ignored.getOrDefault(key, 0), result.steps()));
      switch (result.status()) {
        case LINEARIZABLE -> { }
        case EXHAUSTED -> exhausted = true;
        case NOT_LINEARIZABLE -> {
          if (violation == null) {
            violation = explain(key, ops, result, origin);
          }
        }
      }
    }
    String perKeyLines = String.join(System.lineSeparator(), lines);
    if (violation != null) {
      return Verdict.violation(NAME, violation.summary() + System.lineSeparator() + perKeyLines,
          violation.witness(), origin);
    }
    if (exhausted) {
      return Verdict.inconclusive(NAME, "the search ran out of budget on some key" + System.lineSeparator()
          + perKeyLines);
    }
    return Verdict.ok(NAME, byKey.size() + " keys, " + history.size() + " operations: linearizable"
        + (lines.isEmpty() ? "" : System.lineSeparator() + perKeyLines));
  }

  private Verdict explain(String key, List<Operation> ops, LinearizationSearch.Result result, long origin) {
    List<Operation> witness = new WitnessShrinker(perKey, result.steps(), shrinkTime).shrink(ops);
    witness.sort((a, b) -> Long.compare(a.invokeNanos(), b.invokeNanos()));
    String nl = System.lineSeparator();
    StringBuilder b = new StringBuilder();
    b.append("key ").append(key).append(" is not linearizable.").append(nl);
    b.append("The search placed at most ").append(result.longestLinearization().size()).append(" of its ")
        .append(ops.size()).append(" operations in a valid order");
    if (result.blocker() != null) {
      Operation blocker = result.blocker();
      b.append("; after them none puts this one in place before it completed:").append(nl);
      b.append(String.format(Locale.ROOT, "  p%d [%.3f .. %.3f ms] %s", blocker.process(),
          (blocker.invokeNanos() - origin) / 1e6, (blocker.completeNanos() - origin) / 1e6,
          HistoryPrinter.line(blocker)));
    }
    b.append(nl).append("The witness below is a weakening of the key's history that is still not linearizable");
    b.append(" (operations with error \"").append(WitnessShrinker.RELAXED).append("\" were OK in the history).");
    return Verdict.violation(NAME, b.toString(), witness, origin);
  }
}
