package io.cairnkv.bench.load;

import java.util.EnumMap;
import java.util.StringJoiner;

/**
 * The share of each operation in a workload, in whole percentages that add up to 100, parsed from
 * {@code put=50,get=40,txn=10}. Immutable and thread-safe.
 */
public final class OperationMix {
  private final EnumMap<OpType, Integer> percents;
  /** {@code bounds[i]}: percentage rolls below it pick {@code OpType.values()[i]} (cumulative). */
  private final int[] bounds;

  private OperationMix(EnumMap<OpType, Integer> percents) {
    this.percents = percents;
    this.bounds = new int[OpType.values().length];
    int sum = 0;
    for (OpType t : OpType.values()) {
      sum += percents.getOrDefault(t, 0);
      bounds[t.ordinal()] = sum;
    }
  }

  /**
   * Parses {@code op=percent[,op=percent...]}.
   *
   * @throws IllegalArgumentException naming the faulty entry, or when the shares do not add up to 100
   */
  public static OperationMix parse(String spec) {
    EnumMap<OpType, Integer> percents = new EnumMap<>(OpType.class);
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty mix; give e.g. put=50,get=50");
    }
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", -1);
      if (kv.length != 2) {
        throw new IllegalArgumentException("'" + part.strip() + "' is not op=percent");
      }
      OpType type = OpType.parse(kv[0]);
      int percent;
      try {
        percent = Integer.parseInt(kv[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part.strip() + "': percent must be a whole number");
      }
      if (percent < 0 || percent > 100) {
        throw new IllegalArgumentException("'" + part.strip() + "': percent must be 0..100");
      }
      if (percents.put(type, percent) != null) {
        throw new IllegalArgumentException(type.shortName() + " appears twice");
      }
    }
    int sum = percents.values().stream().mapToInt(Integer::intValue).sum();
    if (sum != 100) {
      throw new IllegalArgumentException("shares add up to " + sum + ", not 100");
    }
    return new OperationMix(percents);
  }

  /** The operation for a roll in {@code [0, 100)}. */
  public OpType pick(int roll) {
    if (roll < 0 || roll >= 100) {
      throw new IllegalArgumentException("roll must be 0..99, got " + roll);
    }
    OpType[] types = OpType.values();
    for (int i = 0; i < types.length; i++) {
      if (roll < bounds[i]) {
        return types[i];
      }
    }
    throw new IllegalStateException("shares do not add up to 100");
  }

  /** The share of {@code type}, 0..100. */
  public int percent(OpType type) {
    return percents.getOrDefault(type, 0);
  }

  /** Canonical form, operations in declaration order, zero shares left out: {@code put=50,get=50}. */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(",");
    for (OpType t : OpType.values()) {
      int p = percents.getOrDefault(t, 0);
      if (p > 0) {
        out.add(t.shortName() + "=" + p);
      }
    }
    return out.toString();
  }
}
