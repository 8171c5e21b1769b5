package io.cairnkv.robustness.history;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A history on disk: one {@link OperationJson JSON object} per line, in the order given (recorders give
 * invocation order). Blank lines and lines starting with {@code #} are skipped when reading, so a file
 * can carry comments. Stateless and thread-safe.
 */
public final class HistoryFile {
  private HistoryFile() {}

  /**
   * Writes {@code history} to {@code file}, replacing it; creates the parent directories.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path file, List<Operation> history) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (Operation op : history) {
          out.write(OperationJson.encode(op));
          out.newLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write history " + file, e);
    }
  }

  /**
   * Reads a history written by {@link #write}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the line, if a line is not an operation
   */
  public static List<Operation> read(Path file) {
    List<Operation> history = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          history.add(OperationJson.decode(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read history " + file, e);
    }
    return history;
  }
}
