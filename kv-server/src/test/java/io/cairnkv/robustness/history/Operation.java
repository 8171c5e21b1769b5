package io.cairnkv.robustness.history;

import java.util.List;
import java.util.Objects;

/**
 * One client operation of a recorded history: which process ran it, what it asked, what it got, when it
 * was invoked and when it completed. Immutable.
 *
 * <p>The meaning of {@link #input} and {@link #output} depends on the {@link Kind}; see each constant.
 * Timestamps come from {@link System#nanoTime()} of one JVM, so they order operations in real time.
 *
 * @param process the logical client process; a process runs one operation at a time. A process whose
 *     operation ended {@link Outcome#UNKNOWN} is considered crashed, and its thread continues as a new one
 * @param kind what the operation does
 * @param key the register key, the appended element's key, a prefix, or an account
 * @param input the arguments (see {@link Kind}); never null
 * @param output the results (see {@link Kind}); never null, empty when there are none
 * @param invokeNanos when the client invoked the operation
 * @param completeNanos when the client saw it complete (for {@link Outcome#UNKNOWN}: when it gave up)
 * @param outcome whether it took effect
 * @param error the status code or exception that ended it; null for a plain success or a compare that
 *     failed
 */
public record Operation(int process, Kind kind, String key, List<String> input, List<String> output,
    long invokeNanos, long completeNanos, Outcome outcome, String error) {

  /** What an operation does, with the shape of its input and output. */
  public enum Kind {
    /** Register read. Input: none. Output: none when the key is absent, else the value. */
    READ,
    /** Register write (a put). Input: the value. Output: none. */
    WRITE,
    /**
     * Register compare-and-set. Input: the expected value, then the new value. Output: none.
     * {@link Outcome#FAIL} without an {@link #error} means the compare was false.
     */
    CAS,
    /** Set append: puts a unique element under {@link #key}. Input: the value. Output: none. */
    APPEND,
    /** Reads every key under the prefix {@link #key}. Output: {@link Entry entries} in the order returned. */
    READ_ALL,
    /** Bank transfer. Input: the source account, the destination account, the amount. Output: none. */
    TRANSFER
  }

  /** Whether an operation took effect. */
  public enum Outcome {
    /** It took effect, and its output is what the cluster answered. */
    OK,
    /** It certainly did not take effect: a compare failed, or the request was rejected. */
    FAIL,
    /** It may or may not have taken effect, at any time after its invocation (a timeout, no leader). */
    UNKNOWN
  }

  /** Validates and copies. */
  public Operation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcome, "outcome");
    input = List.copyOf(input);
    output = List.copyOf(output);
    if (completeNanos < invokeNanos) {
      throw new IllegalArgumentException("completes before it is invoked: " + invokeNanos + " > " + completeNanos);
    }
  }

  /** Whether the outcome is {@link Outcome#UNKNOWN}. */
  public boolean isUnknown() {
    return outcome == Outcome.UNKNOWN;
  }

  /**
   * The completion time a checker must use: {@link Long#MAX_VALUE} for an unknown outcome, because such
   * an operation may still take effect after the client gave up on it.
   */
  public long effectiveCompleteNanos() {
    return isUnknown() ? Long.MAX_VALUE : completeNanos;
  }

  /** The value a {@link Kind#READ} returned; null when the key was absent. */
  public String readValue() {
    return output.isEmpty() ? null : output.get(0);
  }

  /** The same operation with another outcome and error. */
  public Operation withOutcome(Outcome newOutcome, String newError) {
    return new Operation(process, kind, key, input, output, invokeNanos, completeNanos, newOutcome, newError);
  }

  /**
   * One key and value returned by a {@link Kind#READ_ALL}, written {@code key=value} in an output list.
   * Keys must not contain {@code '='}.
   */
  public record Entry(String key, String value) {
    /** Validates. */
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.indexOf('=') >= 0) {
        throw new IllegalArgumentException("an entry key must not contain '=': " + key);
      }
    }

    /**
     * Parses {@code key=value}.
     *
     * @throws IllegalArgumentException if there is no '='
     */
    public static Entry parse(String text) {
      int eq = text.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("not a key=value entry: " + text);
      }
      return new Entry(text.substring(0, eq), text.substring(eq + 1));
    }

    @Override
    public String toString() {
      return key + "=" + value;
    }
  }
}
