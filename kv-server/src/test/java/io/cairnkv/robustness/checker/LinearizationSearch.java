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
 * <p>Unknown writes (and unknown CAS with the same expected value) whose written values no operation
 * reads or expects are interchangeable: they all move the register to a value nobody sees, and one
 * invoked earlier can stand in for one invoked later. The search therefore only ever linearizes the
 * earliest-invoked unused one of each such group, which turns the 2^m subsets of m of them into m + 1
 * prefixes. This keeps a client that fails many writes (say, a client that lost its connection) from
 * blowing up the search.
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
  /** The value of every unknown write that nobody observes. */
  private static final int UNOBSERVED = -3;

  /** Positions of the scan besides list nodes: the end of the list, the groups' candidates, a dead end. */
  private static final int NIL = -1;
  private static final int GROUPED_WRITE = -2;
  private static final int GROUPED_CAS = -3;
  private static final int STUCK = -4;
  /** Where the scan resumes after an operation from the list: at the node after it. */
  private static final int FOLLOW_LIST = -5;

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
  /** Interchangeable unknown operations: their group (else -1); each group's members by invocation. */
  private final int[] group;
  private final List<int[]> members = new ArrayList<>();
  /** Per group: how many of its members (always the first ones) are linearized. */
  private int[] groupNext;
  private int writeGroup = -1;
  private final Map<Integer, Integer> casGroupByExpected = new HashMap<>();
  /**
   * Invocations and completions of the operations outside groups, in time order: nodes 0..n-1 invoke
   * operation i, nodes n..2n-1 complete operation i-n, node 2n is the list head.
   */
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
    this.group = new int[n];
    groupInterchangeable();
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

  /**
   * Groups the unknown writes, and the unknown CAS per expected value, whose written values nobody
   * observes, and gives them the value UNOBSERVED.
   */
  private void groupInterchangeable() {
    Set<Integer> observed = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (type[i] != WRITE) {
        observed.add(argA[i]);
      }
    }
    Map<Integer, List<Integer>> byGroup = new HashMap<>();
    for (int i = 0; i < n; i++) {
      group[i] = -1;
      boolean write = type[i] == WRITE;
      if (definite[i] || observed.contains(write ? argA[i] : argB[i])) {
        continue;
      }
      int fresh = byGroup.size();
      if (write) {
        argA[i] = UNOBSERVED;
        writeGroup = writeGroup >= 0 ? writeGroup : fresh;
        group[i] = writeGroup;
      } else {
        argB[i] = UNOBSERVED;
        group[i] = casGroupByExpected.computeIfAbsent(argA[i], v -> fresh);
      }
      byGroup.computeIfAbsent(group[i], g -> new ArrayList<>()).add(i);
    }
    for (int g = 0; g < byGroup.size(); g++) {
      members.add(byGroup.get(g).stream().mapToInt(Integer::intValue).toArray());
    }
    groupNext = new int[members.size()];
  }

  /** Links the operations outside groups in time order; at equal times invocations first (more overlap). */
  private void link() {
    List<Integer> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (group[i] < 0) {
        nodes.add(i);
        nodes.add(i + n);
      }
    }
    nodes.sort(Comparator.<Integer>comparingLong(this::time).thenComparingInt(x -> x < n ? 0 : 1)
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

  /**
   * The depth-first search. At each depth it scans the list up to the first completion (the frontier),
   * trying each invoked operation; then the first unused member of the write group and of the CAS group
   * expecting the current value, if invoked before the frontier; then it backtracks.
   */
  private Result search(SearchBudget budget) {
    long deadline = System.nanoTime() + budget.maxTime().toNanos();
    int remaining = 0;
    for (boolean d : definite) {
      remaining += d ? 1 : 0;
    }
    BitSet linearized = new BitSet(n);
    Set<Config> seen = new HashSet<>();
    int[] stackOp = new int[n + 1];
    int[] stackState = new int[n + 1];
    int[] stackResume = new int[n + 1];
    int[] frontier = new int[n + 1];
    int depth = 0;
    int state = ABSENT;
    int[] longest = new int[0];
    int blocker = -1;
    long steps = 0;
    int pos = next[head];
    while (remaining > 0) {
      if (++steps > budget.maxSteps() || ((steps & 0xfff) == 0 && System.nanoTime() > deadline)) {
        return new Result(Status.EXHAUSTED, steps, List.of(), null);
      }
      int op;
      int resume;
      if (pos >= 0 && pos < n) {
        op = pos;
        resume = FOLLOW_LIST;
      } else if (pos >= n || pos == NIL) {
        frontier[depth] = pos;
        pos = GROUPED_WRITE;
        continue;
      } else if (pos == GROUPED_WRITE) {
        op = firstUnused(writeGroup, frontier[depth]);
        resume = GROUPED_CAS;
      } else if (pos == GROUPED_CAS) {
        op = firstUnused(state >= 0 ? casGroupByExpected.getOrDefault(state, -1) : -1, frontier[depth]);
        resume = STUCK;
      } else {
        // Nothing invoked before the frontier can be linearized now: the frontier's operation completed
        // before any valid order could place it. Backtrack.
        if (depth > longest.length || blocker < 0) {
          longest = Arrays.copyOf(stackOp, depth);
          blocker = frontier[depth] >= n ? frontier[depth] - n : -1;
        }
        if (depth == 0) {
          List<Operation> sequence = new ArrayList<>();
          for (int o : longest) {
            sequence.add(ops[o]);
          }
          return new Result(Status.NOT_LINEARIZABLE, steps, sequence, blocker < 0 ? null : ops[blocker]);
        }
        depth--;
        op = stackOp[depth];
        state = stackState[depth];
        linearized.clear(op);
        if (group[op] >= 0) {
          groupNext[group[op]]--;
        } else {
          unlift(op);
        }
        remaining += definite[op] ? 1 : 0;
        pos = stackResume[depth] == FOLLOW_LIST ? next[op] : stackResume[depth];
        continue;
      }
      if (op >= 0) {
        int after = step(op, state);
        if (after != INVALID) {
          linearized.set(op);
          if (seen.add(Config.of(linearized, after))) {
            stackOp[depth] = op;
            stackState[depth] = state;
            stackResume[depth] = resume;
            depth++;
            state = after;
            if (group[op] >= 0) {
              groupNext[group[op]]++;
            } else {
              lift(op);
            }
            remaining -= definite[op] ? 1 : 0;
            pos = next[head];
            continue;
          }
          linearized.clear(op);
        }
      }
      pos = resume == FOLLOW_LIST ? next[op] : resume;
    }
    return new Result(Status.LINEARIZABLE, steps, List.of(), null);
  }

  /** The first unused member of group {@code g}, if it was invoked before the frontier node; else -1. */
  private int firstUnused(int g, int frontierNode) {
    if (g < 0 || groupNext[g] == members.get(g).length) {
      return -1;
    }
    int op = members.get(g)[groupNext[g]];
    // At equal times an invocation sorts before a completion, as in the list.
    return frontierNode == NIL || ops[op].invokeNanos() <= time(frontierNode) ? op : -1;
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
