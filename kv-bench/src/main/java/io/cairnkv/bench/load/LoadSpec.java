package io.cairnkv.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a load run needs, validated once: an invalid value fails construction with a message that
 * names the command-line option. Immutable.
 *
 * @param system the system under test: the {@link WorkloadDriver#system} name ({@code cairnkv}, {@code etcd},
 *     {@code rheakv})
 * @param endpoints where the system listens
 * @param keyCount number of distinct keys
 * @param distribution how keys are chosen
 * @param zipfTheta skew of the zipfian distribution, in (0, 1)
 * @param valueSize bytes per value written
 * @param mix share of each operation
 * @param inflight requests in flight (closed loop), or the cap on them (open loop)
 * @param rate target requests per second; 0 for a closed loop
 * @param clients client instances the requests are spread over
 * @param preload whether to write every key before the run
 * @param warmup time run before measuring, not measured
 * @param duration measured time
 * @param requestTimeout deadline of each request
 * @param seed seed of the operation and key sequence
 * @param json where to write the JSON result, or null
 * @param label the {@code workload} name in results, or null for the mix
 */
public record LoadSpec(String system, String endpoints, long keyCount, KeyChooser.Distribution distribution,
    double zipfTheta, int valueSize, OperationMix mix, int inflight, double rate, int clients, boolean preload,
    Duration warmup, Duration duration, Duration requestTimeout, long seed, Path json, String label) {
  /** Most requests in flight allowed. */
  public static final int MAX_INFLIGHT = 100_000;
  /** Largest value allowed (the server's default limit). */
  public static final int MAX_VALUE_SIZE = 1024 * 1024;
  /** Longest run allowed, so that no run can go on unbounded. */
  public static final Duration MAX_DURATION = Duration.ofHours(1);

  public LoadSpec {
    require(system != null && !system.isBlank(), "--system", "must not be empty");
    require(endpoints != null && !endpoints.isBlank(), "--endpoints", "must not be empty");
    require(keyCount >= 1 && keyCount <= 1_000_000_000L, "--keys", "must be 1..10^9, got " + keyCount);
    Objects.requireNonNull(distribution, "distribution");
    require(zipfTheta > 0 && zipfTheta < 1, "--zipf-theta", "must be in (0, 1), got " + zipfTheta);
    require(valueSize >= 0 && valueSize <= MAX_VALUE_SIZE, "--value-size",
        "must be 0.." + MAX_VALUE_SIZE + ", got " + valueSize);
    Objects.requireNonNull(mix, "mix");
    require(inflight >= 1 && inflight <= MAX_INFLIGHT, "--inflight", "must be 1.." + MAX_INFLIGHT + ", got " + inflight);
    require(rate >= 0 && rate <= 10_000_000 && !Double.isNaN(rate), "--rate",
        "must be 0 (closed loop) or a rate up to 10^7 ops/s, got " + rate);
    require(clients >= 1 && clients <= 64, "--clients", "must be 1..64, got " + clients);
    require(!warmup.isNegative() && warmup.compareTo(MAX_DURATION) <= 0, "--warmup",
        "must be 0.." + MAX_DURATION.toMinutes() + " min, got " + warmup);
    require(!duration.isNegative() && !duration.isZero() && duration.compareTo(MAX_DURATION) <= 0, "--duration",
        "must be > 0 and at most " + MAX_DURATION.toMinutes() + " min, got " + duration);
    require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "--request-timeout", "must be > 0, got " + requestTimeout);
  }

  private static void require(boolean ok, String option, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(option + " " + problem);
    }
  }

  /** Whether requests are paced at {@link #rate} (open loop) rather than kept at {@link #inflight}. */
  public boolean openLoop() {
    return rate > 0;
  }

  /** The {@code workload} name in results. */
  public String workloadName() {
    return label != null ? label : mix.toString();
  }

  /** The key chooser this spec asks for. */
  public KeyChooser keyChooser() {
    return distribution == KeyChooser.Distribution.ZIPFIAN
        ? KeyChooser.zipfian(keyCount, zipfTheta)
        : KeyChooser.uniform(keyCount);
  }
}
