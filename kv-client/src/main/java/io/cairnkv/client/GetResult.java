package io.cairnkv.client;

import java.util.List;
import java.util.Optional;

/**
 * Result of a read.
 *
 * @param revision the store revision the read reflects
 * @param kvs the keys found, in the requested order (empty for count-only reads)
 * @param more whether the limit cut the result short
 * @param count number of keys in the range, ignoring the limit
 */
public record GetResult(long revision, List<KeyValue> kvs, boolean more, long count) implements OpResult {
  public GetResult {
    kvs = List.copyOf(kvs);
  }

  /** The first key found, if any: the single key of a point read. */
  public Optional<KeyValue> first() {
    return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
  }
}
