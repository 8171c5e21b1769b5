package io.cairnkv.bench.load;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Picks the index of the next key to operate on, in {@code [0, keyCount)}. Implementations are
 * immutable and thread-safe; the randomness comes from the caller.
 */
public interface KeyChooser {
  /** The next key index. */
  long next(RandomGenerator random);

  /** Number of keys this chooser picks from. */
  long keyCount();

  /** Short description for results, e.g. {@code uniform} or {@code zipfian(0.99)}. */
  String describe();

  /** Every key equally likely. */
  static KeyChooser uniform(long keyCount) {
    return new UniformKeys(keyCount);
  }

  /** Key {@code i} chosen with probability proportional to {@code 1 / (i + 1)^theta}. */
  static KeyChooser zipfian(long keyCount, double theta) {
    return new ZipfianKeys(keyCount, theta);
  }

  /** The distributions {@code --key-distribution} accepts. */
  enum Distribution {
    UNIFORM, ZIPFIAN;

    /** Lower-case name, as typed on the command line. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
