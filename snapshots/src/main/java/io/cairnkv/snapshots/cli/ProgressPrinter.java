package io.cairnkv.snapshots.cli;

import io.cairnkv.snapshots.ProgressListener;
import java.io.PrintWriter;

/** Prints "verb X of Y MiB (P%)" to stderr at most once a second, and once at the end. */
final class ProgressPrinter implements ProgressListener {
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private final PrintWriter err;
  private final String verb;
  private long lastPrinted = System.nanoTime();

  ProgressPrinter(PrintWriter err, String verb) {
    this.err = err;
    this.verb = verb;
  }

  @Override
  public void onProgress(long done, long total) {
    long now = System.nanoTime();
    if (now - lastPrinted >= INTERVAL_NANOS || (done == total && total > 0)) {
      lastPrinted = now;
      err.printf("%s %.1f of %.1f MiB (%d%%)%n", verb, done / 1048576.0, total / 1048576.0,
          total == 0 ? 100 : done * 100 / total);
      err.flush();
    }
  }
}
