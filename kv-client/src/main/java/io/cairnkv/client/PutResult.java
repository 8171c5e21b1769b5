package io.cairnkv.client;

import java.util.Optional;

/**
 * Result of a put.
 *
 * @param revision the store revision of this write
 * @param prevKv the key's previous value, when requested and the key existed
 */
public record PutResult(long revision, Optional<KeyValue> prevKv) implements OpResult {}
