package io.cairnkv.server.storage;

import java.nio.ByteBuffer;

/**
 * The position of the store in the replicated log, saved atomically with the data it describes.
 *
 * @param term Raft term of the last applied entry
 * @param index Raft index of the last applied entry (0: nothing applied)
 * @param revision store revision after that entry
 */
public record AppliedState(long term, long index, long revision) {
  /** The state of an empty store. */
  public static final AppliedState EMPTY = new AppliedState(0, 0, 0);

  private static final byte FORMAT_V1 = 1;

  /** Encodes this state. */
  public byte[] encode() {
    return ByteBuffer.allocate(1 + 3 * Long.BYTES).put(FORMAT_V1).putLong(term).putLong(index).putLong(revision)
        .array();
  }

  /** Decodes a stored state; throws IllegalStateException on an unknown format. */
  public static AppliedState decode(byte[] bytes) {
    if (bytes.length != 1 + 3 * Long.BYTES || bytes[0] != FORMAT_V1) {
      throw new IllegalStateException("unreadable applied state (" + bytes.length + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, 3 * Long.BYTES);
    return new AppliedState(in.getLong(), in.getLong(), in.getLong());
  }
}
