package io.cairnkv.server.backup;

import io.cairnkv.server.storage.KvReader;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 over every key in order, with its value and MVCC metadata: two replicas (or a source and its
 * restore) at the same revision have the same digest exactly when their content is the same.
 */
public final class ContentHasher {
  private ContentHasher() {}

  /** Digest and key count of everything {@code reader} sees. */
  public static Result hash(KvReader reader) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    long[] count = {0};
    ByteBuffer header = ByteBuffer.allocate(Integer.BYTES * 2 + Long.BYTES * 3);
    reader.scan(new byte[0], null, false, (key, record) -> {
      header.clear();
      header.putInt(key.length).putLong(record.createRevision()).putLong(record.modRevision())
          .putLong(record.version()).putInt(record.value().length);
      sha.update(header.array());
      sha.update(key);
      sha.update(record.value());
      count[0]++;
      return true;
    });
    return new Result(sha.digest(), count[0]);
  }

  /**
   * @param sha256 the digest
   * @param keyCount number of keys hashed
   */
  public record Result(byte[] sha256, long keyCount) {}
}
