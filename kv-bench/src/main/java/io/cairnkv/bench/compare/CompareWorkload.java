package io.cairnkv.bench.compare;

import io.cairnkv.bench.load.OperationMix;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The workloads of the side-by-side comparison, with the names {@code compare.json} uses. */
public enum CompareWorkload {
  /** Puts only. */
  PUT("put", "put=100"),
  /** Linearizable gets only. */
  GET_LINEARIZABLE("get-linearizable", "get=100"),
  /** Serializable gets only. */
  GET_SERIALIZABLE("get-serializable", "sget=100"),
  /** Half puts, half linearizable gets. */
  MIX("mix", "put=50,get=50");

  private final String label;
  private final String mix;

  CompareWorkload(String label, String mix) {
    this.label = label;
    this.mix = mix;
  }

  /** The {@code workload} value in results. */
  public String label() {
    return label;
  }

  /** The load generator's operation mix. */
  public OperationMix mix() {
    return OperationMix.parse(mix);
  }

  /**
   * The workload called {@code label}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static CompareWorkload of(String label) {
    for (CompareWorkload w : values()) {
      if (w.label.equals(label.strip().toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + label + "', expected one of "
        + Arrays.stream(values()).map(CompareWorkload::label).collect(Collectors.joining(", ")));
  }
}
