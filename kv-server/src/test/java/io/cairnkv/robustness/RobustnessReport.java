package io.cairnkv.robustness;

import io.cairnkv.robustness.checker.Verdict;
import io.cairnkv.robustness.history.HistoryFile;
import io.cairnkv.robustness.history.HistoryPrinter;
import io.cairnkv.robustness.history.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps what a failed robustness run needs for diagnosis under {@code target/robustness/<test>/}:
 * {@code history.jsonl} (re-checkable offline with {@link RecheckHistory}), {@code history.txt} (the same
 * as a table) and {@code verdict.txt}. Stateless and thread-safe.
 */
public final class RobustnessReport {
  private RobustnessReport() {}

  /** The report directory of {@code test}, relative to the module (Maven runs tests there). */
  public static Path dir(String test) {
    return Path.of("target", "robustness", test).toAbsolutePath();
  }

  /**
   * Writes the history and the verdict of {@code test}, replacing earlier ones.
   *
   * @param verdict null if no checker ran (the workload itself failed)
   * @return the directory written
   */
  public static Path write(String test, List<Operation> history, Verdict verdict, String notes) {
    Path dir = dir(test);
    HistoryFile.write(dir.resolve("history.jsonl"), history);
    long origin = history.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
    try {
      Files.writeString(dir.resolve("history.txt"), HistoryPrinter.table(history, origin), StandardCharsets.UTF_8);
      String text = notes + System.lineSeparator() + (verdict == null ? "no verdict" : verdict.describe());
      Files.writeString(dir.resolve("verdict.txt"), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of " + test + " to " + dir, e);
    }
    return dir;
  }
}
