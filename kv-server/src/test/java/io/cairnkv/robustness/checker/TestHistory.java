package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written histories for the checkers' self-tests, with small logical timestamps. Register methods
 * without a key use key {@code x}. Not thread-safe.
 */
final class TestHistory {
  static final String KEY = "x";

  private final List<Operation> ops = new ArrayList<>();

  /** A successful read of {@code value} (null: absent) on key x. */
  TestHistory read(int process, String value, long invoke, long complete) {
    return read(process, KEY, value, invoke, complete);
  }

  /** A successful read of {@code value} (null: absent). */
  TestHistory read(int process, String key, String value, long invoke, long complete) {
    return add(process, Kind.READ, key, List.of(), value == null ? List.of() : List.of(value), invoke, complete,
        Outcome.OK, null);
  }

  /** A successful write on key x. */
  TestHistory write(int process, String value, long invoke, long complete) {
    return write(process, KEY, value, invoke, complete);
  }

  /** A successful write. */
  TestHistory write(int process, String key, String value, long invoke, long complete) {
    return add(process, Kind.WRITE, key, List.of(value), List.of(), invoke, complete, Outcome.OK, null);
  }

  /** A write whose outcome is unknown: the client gave up at {@code gaveUp}. */
  TestHistory unknownWrite(int process, String value, long invoke, long gaveUp) {
    return add(process, Kind.WRITE, KEY, List.of(value), List.of(), invoke, gaveUp, Outcome.UNKNOWN,
        "DEADLINE_EXCEEDED");
  }

  /** A write the cluster rejected: it certainly did not take effect. */
  TestHistory rejectedWrite(int process, String value, long invoke, long complete) {
    return add(process, Kind.WRITE, KEY, List.of(value), List.of(), invoke, complete, Outcome.FAIL,
        "INVALID_ARGUMENT");
  }

  /** A read whose outcome is unknown. */
  TestHistory unknownRead(int process, long invoke, long gaveUp) {
    return add(process, Kind.READ, KEY, List.of(), List.of(), invoke, gaveUp, Outcome.UNKNOWN, "UNAVAILABLE");
  }

  /** A successful compare-and-set on key x. */
  TestHistory cas(int process, String expected, String value, long invoke, long complete) {
    return add(process, Kind.CAS, KEY, List.of(expected, value), List.of(), invoke, complete, Outcome.OK, null);
  }

  /** A compare-and-set whose compare was false, on key x. */
  TestHistory casFailed(int process, String expected, String value, long invoke, long complete) {
    return add(process, Kind.CAS, KEY, List.of(expected, value), List.of(), invoke, complete, Outcome.FAIL, null);
  }

  /** A compare-and-set whose outcome is unknown, on key x. */
  TestHistory unknownCas(int process, String expected, String value, long invoke, long gaveUp) {
    return add(process, Kind.CAS, KEY, List.of(expected, value), List.of(), invoke, gaveUp, Outcome.UNKNOWN,
        "UNAVAILABLE");
  }

  /** Any operation. */
  TestHistory add(int process, Kind kind, String key, List<String> input, List<String> output, long invoke,
      long complete, Outcome outcome, String error) {
    ops.add(new Operation(process, kind, key, input, output, invoke, complete, outcome, error));
    return this;
  }

  /** The operations so far, in the order added. */
  List<Operation> ops() {
    return new ArrayList<>(ops);
  }
}
