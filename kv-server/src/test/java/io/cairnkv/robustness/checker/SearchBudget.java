package io.cairnkv.robustness.checker;

import java.time.Duration;

/**
 * How much work one linearizability search may do before it gives up as inconclusive: a number of search
 * steps (each tries to linearize one operation; it also bounds the memory of the search's cache) and a
 * wall-clock time.
 *
 * @param maxSteps steps, at least 1
 * @param maxTime wall-clock time, positive
 */
public record SearchBudget(long maxSteps, Duration maxTime) {
  /** Enough for tens of thousands of operations per key at the concurrency of a few clients. */
  public static final SearchBudget DEFAULT = new SearchBudget(3_000_000, Duration.ofSeconds(30));

  /** Validates. */
  public SearchBudget {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
    }
    if (maxTime.isNegative() || maxTime.isZero()) {
      throw new IllegalArgumentException("maxTime must be positive, got " + maxTime);
    }
  }
}
