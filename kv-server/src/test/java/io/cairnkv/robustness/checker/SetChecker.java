package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Entry;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a history of unique {@link Kind#APPEND appends} and {@link Kind#READ_ALL reads} of the whole set.
 * Every successful read must:
 * <ul>
 *   <li>hold each element at most once, each one appended with that value and not failed;</li>
 *   <li>hold every append acknowledged before the read was invoked (none lost);</li>
 *   <li>hold every element seen by a read that completed before it was invoked (none disappears).</li>
 * </ul>
 * Appends with unknown outcomes may or may not appear. The history needs a read invoked after the last
 * acknowledged append (the final read), else the verdict is {@link Verdict.Status#INCONCLUSIVE}.
 * Stateless and thread-safe.
 */
public final class SetChecker {
  /** This checker's name in verdicts. */
  public static final String NAME = "set";

  /**
   * Checks {@code history}.
   *
   * @throws IllegalArgumentException if it holds other kinds, or two appends of one key
   */
  public Verdict check(List<Operation> history) {
    long origin = history.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
    Map<String, Operation> appends = new HashMap<>();
    List<Operation> reads = new ArrayList<>();
    for (Operation op : history) {
      if (op.kind() == Kind.APPEND) {
        if (appends.put(op.key(), op) != null) {
          throw new IllegalArgumentException("element appended twice (workloads append unique elements): " + op);
        }
      } else if (op.kind() == Kind.READ_ALL) {
        if (op.outcome() == Outcome.OK) {
          reads.add(op);
        }
      } else {
        throw new IllegalArgumentException("not a set operation: " + op);
      }
    }
    Problems problems = new Problems();
    reads.sort(Comparator.comparingLong(Operation::invokeNanos));
    for (Operation read : reads) {
      checkElements(read, appends, problems);
      checkNoneLost(read, appends.values(), problems);
    }
    checkNoneDisappears(reads, problems);

    long acknowledgedEnd = appends.values().stream().filter(op -> op.outcome() == Outcome.OK)
        .mapToLong(Operation::completeNanos).max().orElse(Long.MIN_VALUE);
    Operation finalRead = reads.stream().filter(r -> r.invokeNanos() > acknowledgedEnd)
        .reduce((a, b) -> b).orElse(null);
    String summary = summary(appends.values(), reads, finalRead);
    if (!problems.isEmpty()) {
      return Verdict.violation(NAME, problems.describe() + System.lineSeparator() + summary, problems.witness(),
          origin);
    }
    if (finalRead == null) {
      return Verdict.inconclusive(NAME, "no read was invoked after the last acknowledged append; " + summary);
    }
    return Verdict.ok(NAME, summary);
  }

  private static void checkElements(Operation read, Map<String, Operation> appends, Problems problems) {
    Set<String> seen = new HashSet<>();
    for (String text : read.output()) {
      Entry e = Entry.parse(text);
      Operation append = appends.get(e.key());
      if (!seen.add(e.key())) {
        problems.add("element " + e.key() + " appears twice in one read", read);
      } else if (append == null) {
        problems.add("read returned " + e + ", which was never appended", read);
      } else if (append.outcome() == Outcome.FAIL) {
        problems.add("read returned " + e + ", whose append failed (" + append.error() + ")", append, read);
      } else if (!append.input().get(0).equals(e.value())) {
        problems.add("read returned " + e + ", but the append wrote " + append.input().get(0), append, read);
      }
    }
  }

  private static void checkNoneLost(Operation read, Iterable<Operation> appends, Problems problems) {
    Set<String> keys = keys(read);
    for (Operation append : appends) {
      if (append.outcome() == Outcome.OK && append.completeNanos() < read.invokeNanos()
          && !keys.contains(append.key())) {
        problems.add("acknowledged append of " + append.key() + " is missing from a later read", append, read);
      }
    }
  }

  /** Each read must hold what any read that completed before its invocation held. */
  private static void checkNoneDisappears(List<Operation> readsByInvoke, Problems problems) {
    List<Operation> byComplete = new ArrayList<>(readsByInvoke);
    byComplete.sort(Comparator.comparingLong(Operation::completeNanos));
    Map<String, Operation> seenBefore = new LinkedHashMap<>();
    int done = 0;
    for (Operation read : readsByInvoke) {
      while (done < byComplete.size() && byComplete.get(done).completeNanos() < read.invokeNanos()) {
        Operation earlier = byComplete.get(done++);
        for (String key : keys(earlier)) {
          seenBefore.putIfAbsent(key, earlier);
        }
      }
      Set<String> keys = keys(read);
      for (Map.Entry<String, Operation> e : seenBefore.entrySet()) {
        if (!keys.contains(e.getKey())) {
          problems.add("element " + e.getKey() + " was read, then missing from a later read", e.getValue(), read);
        }
      }
    }
  }

  private static Set<String> keys(Operation read) {
    Set<String> keys = new HashSet<>();
    for (String text : read.output()) {
      keys.add(Entry.parse(text).key());
    }
    return keys;
  }

  private static String summary(Iterable<Operation> appends, List<Operation> reads, Operation finalRead) {
    Map<Outcome, Integer> counts = new LinkedHashMap<>();
    for (Outcome o : Outcome.values()) {
      counts.put(o, 0);
    }
    int unknownPresent = 0;
    Set<String> finalKeys = finalRead == null ? Set.of() : keys(finalRead);
    for (Operation op : appends) {
      counts.merge(op.outcome(), 1, Integer::sum);
      if (op.isUnknown() && finalKeys.contains(op.key())) {
        unknownPresent++;
      }
    }
    return "appends " + counts + "; " + reads.size() + " successful reads"
        + (finalRead == null ? "" : "; the final read holds " + finalKeys.size() + " elements, "
        + unknownPresent + " of " + counts.get(Outcome.UNKNOWN) + " unknown appends among them");
  }
}
