package io.cairnkv.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories for benchmark data, under {@code -Dkvbench.dir} (default {@code target/kv-bench-data}
 * in the working directory). Not under {@code /tmp}: on a tmpfs, fsync costs nothing and the cluster
 * numbers would mean nothing.
 */
final class BenchDirs {
  private BenchDirs() {}

  /** A new empty directory whose name starts with {@code prefix}. */
  static Path create(String prefix) {
    try {
      Path root = Path.of(System.getProperty("kvbench.dir", "target/kv-bench-data")).toAbsolutePath();
      Files.createDirectories(root);
      return Files.createTempDirectory(root, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
