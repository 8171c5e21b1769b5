package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ZipfianKeysTest {
  private static final int SAMPLES = 400_000;

  private static long[] histogram(KeyChooser chooser, long seed) {
    long[] counts = new long[(int) chooser.keyCount()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < SAMPLES; i++) {
      counts[(int) chooser.next(random)]++;
    }
    return counts;
  }

  @Test
  void everyIndexIsInRange() {
    for (long n : new long[] {1, 2, 3, 10, 1000}) {
      KeyChooser chooser = KeyChooser.zipfian(n, 0.99);
      SplittableRandom random = new SplittableRandom(n);
      for (int i = 0; i < 20_000; i++) {
        assertThat(chooser.next(random)).isBetween(0L, n - 1);
      }
    }
  }

  @Test
  void hottestKeysGetTheirZipfShare() {
    ZipfianKeys zipf = new ZipfianKeys(1000, 0.99);
    long[] counts = histogram(zipf, 1);
    // The two hottest ranks are drawn exactly by the algorithm; the rest by a continuous approximation.
    assertThat(counts[0] / (double) SAMPLES).isCloseTo(zipf.probability(0), within(0.01));
    assertThat(counts[1] / (double) SAMPLES).isCloseTo(zipf.probability(1), within(0.01));
    assertThat(zipf.probability(0)).isCloseTo(0.133, within(0.005)); // 1 / zeta(1000, 0.99)
  }

  @Test
  void popularityFallsWithRankAndTheHeadDominates() {
    long[] counts = histogram(KeyChooser.zipfian(1000, 0.99), 2);
    assertThat(counts[0]).isGreaterThan(counts[1]);
    assertThat(counts[1]).isGreaterThan(counts[9]);
    assertThat(sum(counts, 0, 10)).isGreaterThan(sum(counts, 10, 100));
    assertThat(sum(counts, 10, 100)).isGreaterThan(sum(counts, 900, 1000));
    // Zipf(0.99) over 1000 keys: the top 10% of keys take about 70% of the requests; uniform would be 10%.
    assertThat(sum(counts, 0, 100) / (double) SAMPLES).isBetween(0.6, 0.8);
  }

  @Test
  void lowerThetaIsLessSkewed() {
    double steep = sum(histogram(KeyChooser.zipfian(1000, 0.99), 3), 0, 10) / (double) SAMPLES;
    double gentle = sum(histogram(KeyChooser.zipfian(1000, 0.5), 3), 0, 10) / (double) SAMPLES;
    assertThat(gentle).isLessThan(steep / 2);
  }

  @Test
  void uniformSpreadsEvenly() {
    long[] counts = histogram(KeyChooser.uniform(100), 4);
    double expected = SAMPLES / 100.0;
    for (long c : counts) {
      assertThat((double) c).isCloseTo(expected, within(expected * 0.1));
    }
  }

  @Test
  void sameSeedSameSequence() {
    KeyChooser chooser = KeyChooser.zipfian(500, 0.9);
    assertThat(histogram(chooser, 9)).isEqualTo(histogram(chooser, 9));
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> KeyChooser.zipfian(0, 0.99)).hasMessageContaining("key count");
    assertThatThrownBy(() -> KeyChooser.zipfian(10, 1.0)).hasMessageContaining("theta");
    assertThatThrownBy(() -> KeyChooser.zipfian(10, 0)).hasMessageContaining("theta");
    assertThatThrownBy(() -> KeyChooser.uniform(0)).hasMessageContaining("key count");
  }

  private static long sum(long[] counts, int from, int to) {
    long s = 0;
    for (int i = from; i < to; i++) {
      s += counts[i];
    }
    return s;
  }
}
