package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes from one register's history the writes and CAS with unknown outcomes that no other operation
 * can tell apart from "never happened": no remaining operation reads or compares against the value they
 * write, and no failed compare completes after their invocation (a failed compare observes that the
 * value differs from its expected one, which such a write could cause).
 *
 * <p>This changes no verdict: in any linearization, the register holds such a write's value only until
 * the next write, and nothing in between observes it, so the linearization without it is valid too.
 * It matters for speed: each optional operation left in may double the configurations the search visits.
 * Stateless and thread-safe.
 */
final class UnobservedUnknowns {
  private UnobservedUnknowns() {}

  /** {@code ops} without the unknown operations nobody can observe. */
  static List<Operation> drop(List<Operation> ops) {
    List<Integer> unknown = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).isUnknown()) {
        unknown.add(i);
      }
    }
    return without(ops, unobserved(ops, unknown));
  }

  /**
   * The largest subset of {@code candidates}, positions of unknown writes and CAS in {@code ops}, that
   * nobody can observe: those invoked after every failed compare completed, whose written values no
   * operation outside the subset observes (found by starting from all of them and keeping back, until
   * stable, those that a kept operation observes).
   */
  static Set<Integer> unobserved(List<Operation> ops, Collection<Integer> candidates) {
    long lastFailedCompare = Long.MIN_VALUE;
    for (Operation op : ops) {
      if (op.kind() == Kind.CAS && op.outcome() == Outcome.FAIL) {
        lastFailedCompare = Math.max(lastFailedCompare, op.completeNanos());
      }
    }
    Set<Integer> drop = new HashSet<>();
    for (int i : candidates) {
      if (!ops.get(i).isUnknown()) {
        throw new IllegalArgumentException("not an unknown outcome: " + ops.get(i));
      }
      if (ops.get(i).invokeNanos() > lastFailedCompare) {
        drop.add(i);
      }
    }
    boolean changed;
    do {
      Set<String> observed = new HashSet<>();
      for (int i = 0; i < ops.size(); i++) {
        if (!drop.contains(i)) {
          observe(ops.get(i), observed);
        }
      }
      changed = drop.removeIf(i -> observed.contains(written(ops.get(i))));
    } while (changed);
    return drop;
  }

  /** {@code ops} without the positions in {@code drop}. */
  static List<Operation> without(List<Operation> ops, Set<Integer> drop) {
    List<Operation> kept = new ArrayList<>(ops.size() - drop.size());
    for (int i = 0; i < ops.size(); i++) {
      if (!drop.contains(i)) {
        kept.add(ops.get(i));
      }
    }
    return kept;
  }

  private static void observe(Operation op, Set<String> observed) {
    if (op.kind() == Kind.READ && op.readValue() != null) {
      observed.add(op.readValue());
    } else if (op.kind() == Kind.CAS) {
      observed.add(op.input().get(0));
    }
  }

  private static String written(Operation op) {
    return op.kind() == Kind.WRITE ? op.input().get(0) : op.input().get(1);
  }
}
