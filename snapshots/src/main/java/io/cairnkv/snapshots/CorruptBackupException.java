package io.cairnkv.snapshots;

/** A backup file is damaged, truncated or not a CairnKV backup; the message says where and how. */
public final class CorruptBackupException extends Exception {
  public CorruptBackupException(String message) {
    super(message);
  }
}
