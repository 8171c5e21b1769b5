package io.cairnkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One stored key with its value and MVCC metadata, as in etcd.
 *
 * <p>Immutable; the byte arrays are defensive copies. {@code value} is empty when the read asked for
 * keys only.
 */
public final class KeyValue {
  private final byte[] key;
  private final byte[] value;
  private final long createRevision;
  private final long modRevision;
  private final long version;

  /** Creates a key-value; arrays are copied. */
  public KeyValue(byte[] key, byte[] value, long createRevision, long modRevision, long version) {
    this.key = key.clone();
    this.value = value.clone();
    this.createRevision = createRevision;
    this.modRevision = modRevision;
    this.version = version;
  }

  /** A copy of the key bytes. */
  public byte[] key() {
    return key.clone();
  }

  /** A copy of the value bytes. */
  public byte[] value() {
    return value.clone();
  }

  /** The key decoded as UTF-8. */
  public String keyUtf8() {
    return new String(key, StandardCharsets.UTF_8);
  }

  /** The value decoded as UTF-8. */
  public String valueUtf8() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** Store revision of the write that created this key (since its last deletion). */
  public long createRevision() {
    return createRevision;
  }

  /** Store revision of the last write to this key. */
  public long modRevision() {
    return modRevision;
  }

  /** Number of writes to this key since it was created; 1 after the first put. */
  public long version() {
    return version;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeyValue)) {
      return false;
    }
    KeyValue other = (KeyValue) o;
    return createRevision == other.createRevision && modRevision == other.modRevision
        && version == other.version && Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Long.hashCode(modRevision);
  }

  @Override
  public String toString() {
    return "KeyValue{key=" + keyUtf8() + ", value=" + value.length + " bytes, create=" + createRevision
        + ", mod=" + modRevision + ", version=" + version + "}";
  }
}
