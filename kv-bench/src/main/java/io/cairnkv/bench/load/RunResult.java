package io.cairnkv.bench.load;

import org.HdrHistogram.Histogram;

/**
 * The outcome of the measured phase of a run. Immutable.
 *
 * @param system system under test
 * @param workload workload name (the mix unless labelled)
 * @param mode {@code closed} or {@code open}
 * @param inflight requests in flight (closed) or their cap (open)
 * @param targetRate requested ops/s of an open loop; 0 for a closed loop
 * @param keys key-space size
 * @param keyDistribution how keys were chosen
 * @param valueSize bytes per value
 * @param ops successful requests
 * @param opsPerSec successful requests per second of the phase
 * @param p50Ms median latency
 * @param p90Ms 90th percentile latency
 * @param p99Ms 99th percentile latency
 * @param p999Ms 99.9th percentile latency
 * @param maxMs largest latency
 * @param errors failed requests (including those abandoned at the end)
 * @param unsent requests an open loop was due to send but could not
 * @param durationS length of the phase in seconds, until the last request completed
 */
public record RunResult(String system, String workload, String mode, int inflight, double targetRate, long keys,
    String keyDistribution, int valueSize, long ops, double opsPerSec, double p50Ms, double p90Ms, double p99Ms,
    double p999Ms, double maxMs, long errors, long unsent, double durationS) {

  /** The result of a phase of {@code spec} that recorded {@code latencies}. */
  static RunResult of(LoadSpec spec, String system, Histogram latencies, long errors, LoadLoop.Outcome outcome) {
    double seconds = outcome.elapsedNanos() / 1e9;
    long ops = latencies.getTotalCount();
    return new RunResult(system, spec.workloadName(), spec.openLoop() ? "open" : "closed", spec.inflight(),
        spec.rate(), spec.keyCount(), spec.keyChooser().describe(), spec.valueSize(), ops,
        seconds > 0 ? ops / seconds : 0, ms(latencies, 50), ms(latencies, 90), ms(latencies, 99),
        ms(latencies, 99.9), ops == 0 ? 0 : latencies.getMaxValue() / 1e6, errors, outcome.unsent(), seconds);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
  }
}
