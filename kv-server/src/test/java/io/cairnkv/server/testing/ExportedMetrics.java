package io.cairnkv.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sample names listed in {@code exported-metrics.txt}: AdminHttpIT checks a running member exports
 * them all, DeploymentFilesTest checks the dashboard and the docs use only them.
 */
public final class ExportedMetrics {
  private ExportedMetrics() {}

  /** Every listed name, in file order. */
  public static List<String> names() {
    try (InputStream in = ExportedMetrics.class.getResourceAsStream("/exported-metrics.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
