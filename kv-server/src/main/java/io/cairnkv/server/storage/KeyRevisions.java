package io.cairnkv.server.storage;

/**
 * A stored key's MVCC metadata without its value: all a put needs to know about the record it replaces.
 *
 * @param createRevision revision of the write that created the key
 * @param modRevision revision of the last write to the key
 * @param version writes since creation, 1 after the first
 */
public record KeyRevisions(long createRevision, long modRevision, long version) {}
