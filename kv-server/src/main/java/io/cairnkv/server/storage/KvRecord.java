package io.cairnkv.server.storage;

import java.nio.ByteBuffer;

/**
 * What the engine stores under a key: the value and its MVCC metadata.
 *
 * <p>Encoded as {@code [format=1][create_revision:8][mod_revision:8][version:8][value...]}, big-endian;
 * the format byte lets a later release change the layout and still read old data.
 *
 * @param createRevision revision of the write that created the key
 * @param modRevision revision of the last write to the key
 * @param version writes since creation, 1 after the first
 * @param value the value bytes (not copied; do not mutate)
 */
public record KvRecord(long createRevision, long modRevision, long version, byte[] value) {
  private static final byte FORMAT_V1 = 1;
  private static final int HEADER_BYTES = 1 + 3 * Long.BYTES;

  /** The record's metadata without its value. */
  public KeyRevisions revisions() {
    return new KeyRevisions(createRevision, modRevision, version);
  }

  /** Encodes this record. */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + value.length);
    out.put(FORMAT_V1).putLong(createRevision).putLong(modRevision).putLong(version).put(value);
    return out.array();
  }

  /**
   * Decodes a stored record.
   *
   * @throws IllegalStateException if the bytes are not a record this release understands
   */
  public static KvRecord decode(byte[] bytes) {
    if (bytes.length < HEADER_BYTES || bytes[0] != FORMAT_V1) {
      throw new IllegalStateException("unreadable record: " + bytes.length + " bytes, format "
          + (bytes.length == 0 ? "none" : bytes[0]) + "; expected format " + FORMAT_V1);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.get();
    long create = in.getLong();
    long mod = in.getLong();
    long version = in.getLong();
    byte[] value = new byte[in.remaining()];
    in.get(value);
    return new KvRecord(create, mod, version, value);
  }
}
