package io.cairnkv.bench.load;

import java.util.SplittableRandom;

/**
 * The sequence of operations a run sends: for each request, an operation drawn from the mix and a key
 * drawn from the key chooser, reproducible from a seed. Not thread-safe: one dispatcher thread owns it.
 */
final class OperationStream {
  private final OperationMix mix;
  private final KeyChooser keys;
  private final KeySpace keySpace;
  private final SplittableRandom random;

  OperationStream(OperationMix mix, KeyChooser keys, KeySpace keySpace, long seed) {
    if (keys.keyCount() != keySpace.count()) {
      throw new IllegalArgumentException("chooser picks from " + keys.keyCount() + " keys, key space has "
          + keySpace.count());
    }
    this.mix = mix;
    this.keys = keys;
    this.keySpace = keySpace;
    this.random = new SplittableRandom(seed);
  }

  /** The next operation. */
  OpType nextOp() {
    return mix.pick(random.nextInt(100));
  }

  /** The key of the next request. */
  byte[] nextKey() {
    return keySpace.key(keys.next(random));
  }
}
