package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether the operations on one register are linearizable: whether they can be put in one
 * order, consistent with real time, in which each does what a single register would.
 *
 * <p>The algorithm is Wing and Gong's depth-first search with Lowe's improvements, as in Porcupine: the
 * invocations and completions form one time-ordered list; the search only tries to linearize operations
 * invoked before the earliest pending completion ("just in time"), backtracks when it reaches a
 * completion whose operation it has not linearized, and caches each visited configuration (the set of
 * linearized operations and the register's value) so that no configuration is explored twice.
 *
 * <p>An operation with an {@link Outcome#UNKNOWN unknown outcome} completes at +infinity and need not be
 * linearized at all: the search succeeds as soon as every operation with a known outcome is placed.
 * A CAS whose compare failed is kept as an observation (the value differed from the expected one at some
 * point while it ran); other failed operations and unknown reads are ignored (see {@link #uses}).
 *
 * <p>Not thread-safe; each instance runs one search.
 */
final class LinearizationSearch {
  /** The outcome of a search. */
  enum Status { LINEARIZABLE, NOT_LINEARIZABLE, EXHAUSTED }

  /**
   * The outcome of a search.
   *
   * @param status the answer
   * @param steps search steps taken
   * @param longestLinearization for {@link Status#NOT_LINEARIZABLE}: the longest sequence of operations
   *     the search could linearize
   * @param blocker for {@link Status#NOT_LINEARIZABLE}: the operation that completed before the search
   *     could linearize it, at the end of that longest sequence
   */
  record Result(Status status, long steps, List<Operation> longestLinearization, Operation blocker) {}

  private static final int ABSENT = -1;
  private static final int INVALID = -2;
  private static final int NIL = -1;
  private static final int READ = 0;
  private static final int WRITE = 1;
  private static final int CAS = 2;
  private static final int CAS_FALSE = 3;

  private final Operation[] ops;
  private final int n;
  private final int[] type;
  private final int[] argA;
  private final int[] argB;
  private final boolean[] definite;
  /** Nodes 0..n-1 invoke operation i, nodes n..2n-1 complete operation i-n, node 2n is the list head. */
  private final int[] next;
  private final int[] prev;
  private final int head;

  private LinearizationSearch(List<Operation> used) {
    this.ops = used.stream().sorted(Comparator.comparingLong(Operation::invokeNanos)).toArray(Operation[]::new);
    this.n = ops.length;
    this.type = new int[n];
    this.argA = new int[n];
    this.argB = new int[n];
    this.definite = new boolean[n];
    Map<String, Integer> values = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Operation op = ops[i];
      definite[i] = !op.isUnknown();
      switch (op.kind()) {
        case READ -> {
          type[i] = READ;
          argA[i] = intern(values, op.readValue());
        }
        case WRITE -> {
          type[i] = WRITE;
          argA[i] = intern(values, op.input().get(0));
        }
        case CAS -> {
          type[i] = op.outcome() == Outcome.FAIL ? CAS_FALSE : CAS;
          argA[i] = intern(values, op.input().get(0));
          argB[i] = intern(values, op.input().get(1));
        }
        default -> throw new IllegalArgumentException("not a register operation: " + op);
      }
    }
    this.head = 2 * n;
    this.next = new int[2 * n + 1];
    this.prev = new int[2 * n + 1];
    link();
  }

  /**
   * Whether the search takes {@code op} into account: successful reads, writes and CAS; writes and CAS
   * with unknown outcomes; CAS whose compare failed (an {@link Outcome#FAIL} without an error). Other
   * failures had no effect and carry no observation.
   */
  static boolean uses(Operation op) {
    return switch (op.outcome()) {
      case OK -> op.kind() == Kind.READ || op.kind() == Kind.WRITE || op.kind() == Kind.CAS;
      case UNKNOWN -> op.kind() == Kind.WRITE || op.kind() == Kind.CAS;
      case FAIL -> op.kind() == Kind.CAS && op.error() == null;
    };
  }

  /**
   * Searches for a linearization of {@code ops}, all on one register that starts absent.
   *
   * @param ops operations for which {@link #uses} holds
   */
  static Result run(List<Operation> ops, SearchBudget budget) {
    for (Operation op : ops) {
      if (!uses(op)) {
        throw new IllegalArgumentException("the search does not take this operation: " + op);
      }
    }
    return new LinearizationSearch(ops).search(budget);
  }

  private static int intern(Map<String, Integer> values, String value) {
    return value == null ? ABSENT : values.computeIfAbsent(value, v -> values.size());
  }

  /** Links invocations and completions in time order; at equal times invocations first (more overlap). */
  private void link() {
    Integer[] nodes = new Integer[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      nodes[i] = i;
    }
    Arrays.sort(nodes, Comparator.<Integer>comparingLong(this::time).thenComparingInt(x -> x < n ? 0 : 1)
        .thenComparingInt(x -> x));
    int last = head;
    for (int node : nodes) {
      next[last] = node;
      prev[node] = last;
      last = node;
    }
    next[last] = NIL;
  }

  private long time(int node) {
    return node < n ? ops[node].invokeNanos() : ops[node - n].effectiveCompleteNanos();
  }

  private Result search(SearchBudget budget) {
    long deadline = System.nanoTime() + budget.maxTime().toNanos();
    int remaining = 0;
    for (boolean d : definite) {
      remaining += d ? 1 : 0;
    }
    BitSet linearized = new BitSet(n);
    Set<Config> seen = new HashSet<>();
    int[] stackOp = new int[n];
    int[] stackState = new int[n];
    int depth = 0;
    int state = ABSENT;
    int[] longest = new int[0];
    int blocker = -1;
    long steps = 0;
    int node = next[head];
    while (remaining > 0) {
      if (++steps > budget.maxSteps() || ((steps & 0xfff) == 0 && System.nanoTime() > deadline)) {
        return new Result(Status.EXHAUSTED, steps, List.of(), null);
      }
      if (node != NIL && node < n) {
        int op = node;
        int after = step(op, state);
        if (after != INVALID) {
          linearized.set(op);
          if (seen.add(Config.of(linearized, after))) {
            stackOp[depth] = op;
            stackState[depth] = state;
            depth++;
            state = after;
            lift(op);
            remaining -= definite[op] ? 1 : 0;
            node = next[head];
            continue;
          }
          linearized.clear(op);
        }
        node = next[node];
        continue;
      }
      // A completion (or the end): its operation must have been linearized before now. Backtrack.
      if (depth > longest.length || blocker < 0) {
        longest = Arrays.copyOf(stackOp, depth);
        blocker = node == NIL ? -1 : node - n;
      }
      if (depth == 0) {
        List<Operation> sequence = new ArrayList<>();
        for (int op : longest) {
          sequence.add(ops[op]);
        }
        return new Result(Status.NOT_LINEARIZABLE, steps, sequence, blocker < 0 ? null : ops[blocker]);
      }
      depth--;
      int op = stackOp[depth];
      state = stackState[depth];
      linearized.clear(op);
      unlift(op);
      remaining += definite[op] ? 1 : 0;
      node = next[op];
    }
    return new Result(Status.LINEARIZABLE, steps, List.of(), null);
  }

  /** The register's value after operation {@code op} from {@code state}, or INVALID if it cannot apply. */
  private int step(int op, int state) {
    return switch (type[op]) {
      case READ -> state == argA[op] ? state : INVALID;
      case WRITE -> argA[op];
      case CAS -> state == argA[op] ? argB[op] : INVALID;
      case CAS_FALSE -> state != argA[op] ? state : INVALID;
      default -> throw new IllegalStateException("type " + type[op]);
    };
  }

  private void lift(int op) {
    unlink(op);
    unlink(op + n);
  }

  private void unlift(int op) {
    relink(op + n);
    relink(op);
  }

  private void unlink(int node) {
    next[prev[node]] = next[node];
    if (next[node] != NIL) {
      prev[next[node]] = prev[node];
    }
  }

  private void relink(int node) {
    next[prev[node]] = node;
    if (next[node] != NIL) {
      prev[next[node]] = node;
    }
  }

  /**
   * A visited configuration: the register's value and the set of linearized operations. The set is
   * stored as the length of its all-ones prefix plus the bits after it, which stays small because
   * operations are numbered in invocation order and get linearized roughly in that order.
   */
  private static final class Config {
    private final int state;
    private final int base;
    private final long[] tail;
    private final int hash;

    private Config(int state, int base, long[] tail) {
      this.state = state;
      this.base = base;
      this.tail = tail;
      this.hash = (31 * state + base) * 31 + Arrays.hashCode(tail);
    }

    static Config of(BitSet linearized, int state) {
      int base = linearized.nextClearBit(0);
      long[] tail = linearized.get(base, Math.max(base, linearized.length())).toLongArray();
      return new Config(state, base, tail);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Config)) {
        return false;
      }
      Config c = (Config) o;
      return state == c.state && base == c.base && Arrays.equals(tail, c.tail);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
