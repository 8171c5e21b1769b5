package io.cairnkv.snapshots;

/** Receives progress of a long backup operation. Called from the operation's thread. */
@FunctionalInterface
public interface ProgressListener {
  /** Does nothing. */
  ProgressListener NONE = (done, total) -> { };

  /** {@code done} of {@code total} bytes are processed. */
  void onProgress(long done, long total);
}
