package io.cairnkv.bench.load;

import java.util.random.RandomGenerator;

/** Every key index equally likely. Immutable. */
final class UniformKeys implements KeyChooser {
  private final long keyCount;

  UniformKeys(long keyCount) {
    if (keyCount < 1) {
      throw new IllegalArgumentException("key count must be >= 1, got " + keyCount);
    }
    this.keyCount = keyCount;
  }

  @Override
  public long next(RandomGenerator random) {
    return random.nextLong(keyCount);
  }

  @Override
  public long keyCount() {
    return keyCount;
  }

  @Override
  public String describe() {
    return "uniform";
  }
}
