package io.cairnkv.bench.load;

import io.cairnkv.server.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link RunResult} for people (a table) and for scripts (JSON). */
final class ResultFormats {
  private ResultFormats() {}

  /** A table with one row: throughput, latency percentiles in ms, errors. */
  static String table(RunResult r) {
    String header = String.format(Locale.ROOT, "%-8s %-24s %-6s %8s %10s %9s %9s %9s %9s %9s %7s",
        "system", "workload", "mode", "inflight", "ops/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
        "errors");
    String row = String.format(Locale.ROOT, "%-8s %-24s %-6s %8d %10.0f %9.3f %9.3f %9.3f %9.3f %9.3f %7d",
        r.system(), r.workload(), r.mode(), r.inflight(), r.opsPerSec(), r.p50Ms(), r.p90Ms(), r.p99Ms(),
        r.p999Ms(), r.maxMs(), r.errors());
    StringBuilder out = new StringBuilder(header).append('\n').append(row).append('\n');
    out.append(String.format(Locale.ROOT, "%d ops in %.1f s; %d keys (%s), %d-byte values", r.ops(),
        r.durationS(), r.keys(), r.keyDistribution(), r.valueSize()));
    if (r.mode().equals("open")) {
      out.append(String.format(Locale.ROOT, "; target %.0f ops/s, latency from intended send times", r.targetRate()));
    }
    out.append('\n');
    if (r.unsent() > 0) {
      out.append(String.format(Locale.ROOT, "WARNING: %d requests due were never sent: the in-flight cap was"
          + " reached, so the target rate is above what the system sustains%n", r.unsent()));
    }
    return out.toString();
  }

  /** The result as a JSON object; the field names are stable, so comparison scripts can rely on them. */
  static String json(RunResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", r.system());
    m.put("workload", r.workload());
    m.put("mode", r.mode());
    m.put("inflight", r.inflight());
    m.put("target_rate", round(r.targetRate()));
    m.put("keys", r.keys());
    m.put("key_distribution", r.keyDistribution());
    m.put("value_size", r.valueSize());
    m.put("ops", r.ops());
    m.put("ops_per_sec", round(r.opsPerSec()));
    m.put("p50_ms", round(r.p50Ms()));
    m.put("p90_ms", round(r.p90Ms()));
    m.put("p99_ms", round(r.p99Ms()));
    m.put("p999_ms", round(r.p999Ms()));
    m.put("max_ms", round(r.maxMs()));
    m.put("errors", r.errors());
    m.put("unsent", r.unsent());
    m.put("duration_s", round(r.durationS()));
    return Json.write(m);
  }

  /** Writes {@link #json} to {@code file}, creating parent directories. */
  static void writeJson(Path file, RunResult r) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, json(r) + "\n", StandardCharsets.UTF_8);
  }

  /** Three decimals; JSON has no NaN or infinity, so those become 0. */
  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
  }
}
