package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random register histories that are linearizable by construction: a sequential reference execution
 * places operation i at time {@code 100 * i}, then each operation's interval is stretched randomly
 * around that point, so that neighbours overlap. Some writes and CAS end with an unknown outcome, and of
 * those only some take effect. Not thread-safe.
 */
final class RandomRegisterHistories {
  private final Random random;
  private final int keys;
  private final int maxStretch;

  /**
   * @param seed the random seed
   * @param keys number of keys
   * @param maxStretch how far (in units of 100 per operation) an interval may reach from its point
   */
  RandomRegisterHistories(long seed, int keys, int maxStretch) {
    this.random = new Random(seed);
    this.keys = keys;
    this.maxStretch = maxStretch;
  }

  /** A linearizable history of {@code size} operations. */
  List<Operation> linearizable(int size) {
    Map<String, String> registers = new HashMap<>();
    List<Operation> ops = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String key = "k" + random.nextInt(keys);
      String current = registers.get(key);
      long point = 100L * i;
      long invoke = point - random.nextInt(100 * maxStretch + 1);
      long complete = point + random.nextInt(100 * maxStretch + 1);
      int process = random.nextInt(1000);
      String fresh = "v" + i;
      int dice = random.nextInt(10);
      if (dice < 4) {
        List<String> out = current == null ? List.of() : List.of(current);
        ops.add(new Operation(process, Kind.READ, key, List.of(), out, invoke, complete, Outcome.OK, null));
      } else if (dice < 6) {
        ops.add(write(process, key, fresh, invoke, complete, registers));
      } else {
        ops.add(cas(process, key, current, i, invoke, complete, registers));
      }
    }
    return ops;
  }

  private Operation write(int process, String key, String value, long invoke, long complete,
      Map<String, String> registers) {
    if (random.nextInt(10) == 0) {
      if (random.nextBoolean()) {
        registers.put(key, value);
      }
      return new Operation(process, Kind.WRITE, key, List.of(value), List.of(), invoke, complete, Outcome.UNKNOWN,
          "DEADLINE_EXCEEDED");
    }
    registers.put(key, value);
    return new Operation(process, Kind.WRITE, key, List.of(value), List.of(), invoke, complete, Outcome.OK, null);
  }

  /** A CAS at step {@code i}; when it is to fail, it expects an older value (or one never written). */
  private Operation cas(int process, String key, String current, int i, long invoke, long complete,
      Map<String, String> registers) {
    String value = "v" + i;
    boolean matches = current != null && random.nextInt(3) > 0;
    String older = "v" + random.nextInt(i + 1);
    String expected = matches ? current : older.equals(current) ? older + "x" : older;
    if (matches && random.nextInt(10) == 0) {
      if (random.nextBoolean()) {
        registers.put(key, value);
      }
      return new Operation(process, Kind.CAS, key, List.of(expected, value), List.of(), invoke, complete,
          Outcome.UNKNOWN, "UNAVAILABLE");
    }
    if (matches) {
      registers.put(key, value);
    }
    return new Operation(process, Kind.CAS, key, List.of(expected, value), List.of(), invoke, complete,
        matches ? Outcome.OK : Outcome.FAIL, null);
  }

  /**
   * {@code history} with one successful read, chosen at random, returning a value nobody wrote; null if
   * it has no successful read.
   */
  List<Operation> withPhantomRead(List<Operation> history) {
    List<Integer> reads = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).kind() == Kind.READ && history.get(i).outcome() == Outcome.OK) {
        reads.add(i);
      }
    }
    if (reads.isEmpty()) {
      return null;
    }
    int victim = reads.get(random.nextInt(reads.size()));
    Operation read = history.get(victim);
    List<Operation> mutated = new ArrayList<>(history);
    mutated.set(victim, new Operation(read.process(), Kind.READ, read.key(), List.of(), List.of("phantom"),
        read.invokeNanos(), read.completeNanos(), Outcome.OK, null));
    return mutated;
  }
}
