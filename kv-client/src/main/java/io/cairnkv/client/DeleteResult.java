package io.cairnkv.client;

import java.util.List;

/**
 * Result of a delete.
 *
 * @param revision the store revision after the delete
 * @param deleted number of keys deleted
 * @param prevKvs the deleted key-values, when requested
 */
public record DeleteResult(long revision, long deleted, List<KeyValue> prevKvs) implements OpResult {
  public DeleteResult {
    prevKvs = List.copyOf(prevKvs);
  }
}
