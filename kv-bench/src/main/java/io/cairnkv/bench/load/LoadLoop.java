package io.cairnkv.bench.load;

/**
 * Drives requests at a {@link Workload} for a fixed time and records their outcome. Implementations
 * send from the calling thread and record completions from the workload's threads.
 */
interface LoadLoop {
  /**
   * Sends requests for {@code durationNanos}, then waits (at most {@code drainNanos}) for those still
   * outstanding. Requests that have not completed by then are counted as errors.
   *
   * @return what happened during the phase
   * @throws InterruptedException if the calling thread is interrupted; outstanding requests are abandoned
   */
  Outcome run(long durationNanos, long drainNanos, LatencyStats stats) throws InterruptedException;

  /**
   * @param sent requests sent
   * @param unsent requests an open loop was due to send but could not (its in-flight cap was reached
   *     and the run ended first); always 0 for a closed loop
   * @param abandoned requests still outstanding when the drain time ran out (also counted as errors)
   * @param elapsedNanos from the start of the phase until the last request completed or was abandoned
   */
  record Outcome(long sent, long unsent, long abandoned, long elapsedNanos) {}
}
