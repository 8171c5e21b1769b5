package io.cairnkv.robustness.workload;

import java.time.Duration;

/**
 * How much a workload does: its client threads stop at whichever comes first, the operation count or
 * the duration.
 *
 * @param threads client threads, at least 1
 * @param maxOps operations in all (each thread does its share), at least {@code threads}
 * @param duration how long the threads keep issuing operations, positive
 */
public record WorkloadLimits(int threads, int maxOps, Duration duration) {
  /** Validates. */
  public WorkloadLimits {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (maxOps < threads) {
      throw new IllegalArgumentException("maxOps must be >= threads (" + threads + "), got " + maxOps);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
  }

  /** Operations each thread may do. */
  public int opsPerThread() {
    return maxOps / threads;
  }
}
