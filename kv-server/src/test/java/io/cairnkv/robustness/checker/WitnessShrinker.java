package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a non-linearizable register history to a small one that is still not linearizable, for humans
 * to read.
 *
 * <p>Only <em>weakening</em> moves are made, so that whatever remains is a sound witness: if the weakened
 * history has no linearization, neither has the original. The moves are: drop a read or a CAS whose
 * compare failed (they change nothing); treat a successful write or CAS as having an unknown outcome;
 * drop an unknown write or CAS that no remaining operation can observe ({@link UnobservedUnknowns}).
 * Moves are tried on chunks that halve in size, as in delta debugging, until no move keeps the history
 * failing or the time is up: first only the drops of reads and failed compares (cheap trials, and they
 * leave most writes unobserved), then every move.
 *
 * <p>Not thread-safe; one instance per shrink.
 */
final class WitnessShrinker {
  /** The error given to operations the shrinker treats as unknown. */
  static final String RELAXED = "was OK; the witness fails whether or not it took effect";
  private static final long MIN_TRIAL_STEPS = 50_000;
  private static final Duration TRIAL_TIME = Duration.ofSeconds(1);

  private final SearchBudget perCheck;
  private final long deadline;

  /**
   * @param limit the most any trial search may use; a trial that exhausts its budget counts as passing
   * @param failingSteps the steps the search of the failing history took: a trial gets twice as many
   *     (at least 50,000, within {@code limit} and 1 s), since weakened histories with many unknown
   *     outcomes can be slow to search and most trials are smaller than the original
   * @param total the time for the whole shrink
   */
  WitnessShrinker(SearchBudget limit, long failingSteps, Duration total) {
    this.perCheck = new SearchBudget(Math.min(limit.maxSteps(), Math.max(MIN_TRIAL_STEPS, 2 * failingSteps)),
        limit.maxTime().compareTo(TRIAL_TIME) < 0 ? limit.maxTime() : TRIAL_TIME);
    this.deadline = System.nanoTime() + total.toNanos();
  }

  /**
   * A small weakening of {@code failing} that still has no linearization.
   *
   * @param failing operations of one register, accepted by {@link LinearizationSearch#uses}, that are not
   *     linearizable
   */
  List<Operation> shrink(List<Operation> failing) {
    return shrink(shrink(new ArrayList<>(failing), false), true);
  }

  private List<Operation> shrink(List<Operation> failing, boolean relaxWrites) {
    List<Operation> current = failing;
    int chunk = Math.max(1, current.size() / 2);
    while (System.nanoTime() < deadline) {
      boolean changed = false;
      int start = 0;
      while (start < current.size() && System.nanoTime() < deadline) {
        List<Operation> candidate = weaken(current, start, Math.min(current.size(), start + chunk), relaxWrites);
        if (!candidate.equals(current) && fails(candidate)) {
          current = candidate;
          changed = true;
        } else {
          start += chunk;
        }
      }
      if (!changed) {
        if (chunk == 1) {
          break;
        }
        chunk = Math.max(1, chunk / 2);
      }
    }
    return current;
  }

  private boolean fails(List<Operation> ops) {
    return LinearizationSearch.run(ops, perCheck).status() == LinearizationSearch.Status.NOT_LINEARIZABLE;
  }

  /**
   * {@code ops} with the weakening moves applied to positions {@code [from, to)}: drops of reads and
   * failed compares, and with {@code relaxWrites} the moves on writes and CAS too.
   */
  static List<Operation> weaken(List<Operation> ops, int from, int to, boolean relaxWrites) {
    List<Operation> weaker = new ArrayList<>(ops.size());
    List<Integer> unknownInChunk = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      if (i < from || i >= to || !relaxWrites && op.kind() != Kind.READ && op.outcome() != Outcome.FAIL) {
        weaker.add(op);
      } else if (op.kind() == Kind.READ || op.outcome() == Outcome.FAIL) {
        continue;
      } else if (op.outcome() == Outcome.OK) {
        weaker.add(op.withOutcome(Outcome.UNKNOWN, RELAXED));
        unknownInChunk.add(weaker.size() - 1);
      } else {
        weaker.add(op);
        unknownInChunk.add(weaker.size() - 1);
      }
    }
    return UnobservedUnknowns.without(weaker, UnobservedUnknowns.unobserved(weaker, unknownInChunk));
  }
}
