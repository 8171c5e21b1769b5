package io.cairnkv.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh per-test directories under {@code target/test-data}, kept after the run for diagnosis. */
public final class TestDirs {
  private TestDirs() {}

  /** The directory of test {@code name}, whether or not it exists. */
  public static Path path(String name) {
    return Path.of("target", "test-data", name).toAbsolutePath();
  }

  /** An empty directory named after the test. */
  public static Path fresh(String name) {
    Path dir = path(name);
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
