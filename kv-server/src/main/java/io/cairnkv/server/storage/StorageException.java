package io.cairnkv.server.storage;

/** The local store failed (disk full, I/O error, corruption). The replica cannot continue safely. */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
