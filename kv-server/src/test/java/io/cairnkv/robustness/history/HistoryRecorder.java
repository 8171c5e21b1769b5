package io.cairnkv.robustness.history;

import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Records the operations of concurrent clients: {@link #invoke} just before a request is sent, then
 * exactly one of {@link Pending#ok}, {@link Pending#fail} or {@link Pending#unknown} once its outcome is
 * known. Thread-safe: one short lock per recorded event, so that {@link #history} sees every operation
 * either in flight or completed, never neither.
 */
public final class HistoryRecorder {
  /** The error given to operations still in flight when the history is taken. */
  public static final String IN_FLIGHT = "still in flight when the history was taken";

  private final LongSupplier clock;
  private final Object lock = new Object();
  private final List<Operation> completed = new ArrayList<>();
  private final Set<Pending> inFlight = new LinkedHashSet<>();

  /** A recorder on {@link System#nanoTime()}. */
  public HistoryRecorder() {
    this(System::nanoTime);
  }

  /** A recorder on the given monotonic clock, in nanoseconds (for tests). */
  public HistoryRecorder(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records the invocation of an operation, now.
   *
   * @param input the arguments, as {@link Operation.Kind} describes them
   * @return the handle through which the outcome must be recorded, exactly once
   */
  public Pending invoke(int process, Kind kind, String key, List<String> input) {
    synchronized (lock) {
      Pending pending = new Pending(process, kind, key, List.copyOf(input), clock.getAsLong());
      inFlight.add(pending);
      return pending;
    }
  }

  /** Number of completed operations so far. */
  public int completedCount() {
    synchronized (lock) {
      return completed.size();
    }
  }

  /**
   * The history so far, ordered by invocation time. Operations still in flight appear as
   * {@link Outcome#UNKNOWN}: they may yet take effect.
   */
  public List<Operation> history() {
    List<Operation> ops;
    synchronized (lock) {
      long now = clock.getAsLong();
      ops = new ArrayList<>(completed);
      for (Pending p : inFlight) {
        ops.add(p.toOperation(List.of(), Math.max(now, p.invokeNanos), Outcome.UNKNOWN, IN_FLIGHT));
      }
    }
    ops.sort(Comparator.comparingLong(Operation::invokeNanos));
    return ops;
  }

  /** An invoked operation whose outcome is not recorded yet. Its methods are safe to call from any thread. */
  public final class Pending {
    private final int process;
    private final Kind kind;
    private final String key;
    private final List<String> input;
    private final long invokeNanos;
    private final AtomicBoolean done = new AtomicBoolean();

    private Pending(int process, Kind kind, String key, List<String> input, long invokeNanos) {
      this.process = process;
      this.kind = kind;
      this.key = key;
      this.input = input;
      this.invokeNanos = invokeNanos;
    }

    /** Records success without output. */
    public Operation ok() {
      return ok(List.of());
    }

    /** Records success with the cluster's answer. */
    public Operation ok(List<String> output) {
      return complete(output, Outcome.OK, null);
    }

    /**
     * Records that the operation certainly did not take effect.
     *
     * @param error null when the cluster answered normally (a compare failed), else the status code
     */
    public Operation fail(String error) {
      return complete(List.of(), Outcome.FAIL, error);
    }

    /** Records that the operation may or may not have taken effect. */
    public Operation unknown(String error) {
      return complete(List.of(), Outcome.UNKNOWN, error);
    }

    private Operation complete(List<String> output, Outcome outcome, String error) {
      if (!done.compareAndSet(false, true)) {
        throw new IllegalStateException("outcome of " + kind + " " + key + " recorded twice");
      }
      synchronized (lock) {
        Operation op = toOperation(output, clock.getAsLong(), outcome, error);
        completed.add(op);
        inFlight.remove(this);
        return op;
      }
    }

    private Operation toOperation(List<String> output, long completeNanos, Outcome outcome, String error) {
      return new Operation(process, kind, key, input, output, invokeNanos, completeNanos, outcome, error);
    }
  }
}
