package io.cairnkv.bench.load;

import java.util.random.RandomGenerator;

/**
 * Zipf-distributed key indexes: index {@code i} (0 is the hottest) is chosen with probability
 * {@code (1 / (i + 1)^theta) / zeta(n, theta)}. Uses the constant-time inversion of Gray et al., "Quickly
 * Generating Billion-Record Synthetic Databases" (SIGMOD 1994), the same generator as YCSB's
 * {@code ZipfianGenerator}; YCSB's default skew is {@code theta = 0.99}. The normalising constant
 * {@code zeta} is summed once at construction (O(n): about 30 ms per million keys). Immutable.
 */
final class ZipfianKeys implements KeyChooser {
  private final long keyCount;
  private final double theta;
  private final double zetaN;
  private final double alpha;
  private final double eta;
  private final double twoThreshold;

  ZipfianKeys(long keyCount, double theta) {
    if (keyCount < 1) {
      throw new IllegalArgumentException("key count must be >= 1, got " + keyCount);
    }
    if (!(theta > 0 && theta < 1)) {
      throw new IllegalArgumentException("zipfian theta must be in (0, 1), got " + theta);
    }
    this.keyCount = keyCount;
    this.theta = theta;
    this.zetaN = zeta(keyCount, theta);
    this.alpha = 1.0 / (1.0 - theta);
    double zeta2 = zeta(2, theta);
    this.eta = (1 - Math.pow(2.0 / keyCount, 1 - theta)) / (1 - zeta2 / zetaN);
    this.twoThreshold = 1 + Math.pow(0.5, theta);
  }

  /** {@code sum_{i=1..n} 1 / i^theta}. */
  static double zeta(long n, double theta) {
    double sum = 0;
    for (long i = 1; i <= n; i++) {
      sum += 1.0 / Math.pow(i, theta);
    }
    return sum;
  }

  /** The exact probability of index {@code i} under this distribution. */
  double probability(long i) {
    return 1.0 / Math.pow(i + 1, theta) / zetaN;
  }

  @Override
  public long next(RandomGenerator random) {
    double u = random.nextDouble();
    double uz = u * zetaN;
    if (uz < 1.0) {
      return 0;
    }
    if (uz < twoThreshold) {
      return Math.min(1, keyCount - 1);
    }
    long index = (long) (keyCount * Math.pow(eta * u - eta + 1, alpha));
    return Math.min(index, keyCount - 1);
  }

  @Override
  public long keyCount() {
    return keyCount;
  }

  @Override
  public String describe() {
    return "zipfian(" + theta + ")";
  }
}
