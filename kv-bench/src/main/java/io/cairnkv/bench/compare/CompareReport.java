package io.cairnkv.bench.compare;

import io.cairnkv.server.http.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kv-bench compare-report}: joins the cells that {@link CompareRunner} wrote for each system into a
 * side-by-side table (throughput and p50/p99 per system, and the first system's throughput and p99 as ratios
 * of each other's) and a JSON list for scripts. Stateless; the formatting methods are pure.
 */
@Command(name = "kv-bench compare-report", mixinStandardHelpOptions = true,
    description = "Prints the side-by-side table of compare-run results and writes them as JSON.")
public final class CompareReport implements Callable<Integer> {
  @Option(names = "--json", required = true, paramLabel = "FILE", description = "Where to write the JSON list.")
  Path json;

  @Parameters(arity = "1..*", paramLabel = "CELLS", description = "Files written by compare-run, in column order.")
  List<Path> inputs;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() throws IOException {
    List<CompareCell> cells = new ArrayList<>();
    for (Path input : inputs) {
      cells.addAll(read(input));
    }
    Files.writeString(json, json(cells) + "\n", StandardCharsets.UTF_8);
    PrintWriter out = commandSpec.commandLine().getOut();
    out.print(table(cells));
    out.println("JSON written to " + json);
    out.flush();
    return 0;
  }

  /** The cells in {@code file}, one per non-blank line. */
  static List<CompareCell> read(Path file) throws IOException {
    List<CompareCell> cells = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        cells.add(CompareCell.parse(line));
      }
    }
    return cells;
  }

  /**
   * The JSON list of {@code cells}: objects with exactly {@code system}, {@code workload}, {@code inflight},
   * {@code ops_per_sec}, {@code p50_ms} and {@code p99_ms}, in input order.
   */
  static String json(List<CompareCell> cells) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CompareCell c : cells) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("system", c.system());
      m.put("workload", c.workload());
      m.put("inflight", c.inflight());
      m.put("ops_per_sec", round(c.opsPerSec()));
      m.put("p50_ms", round(c.p50Ms()));
      m.put("p99_ms", round(c.p99Ms()));
      list.add(m);
    }
    return Json.write(list);
  }

  /**
   * One row per workload and in-flight count (in first-seen order), one column group per system (in first-seen
   * order), then for each other system the first system's throughput and p99 divided by that system's: a
   * throughput ratio above 1 and a p99 ratio below 1 favour the first system. A missing cell shows as {@code -};
   * cells with failed requests are listed under the table.
   */
  static String table(List<CompareCell> cells) {
    Set<String> systems = new LinkedHashSet<>();
    Set<String> rows = new LinkedHashSet<>();
    Map<String, CompareCell> byKey = new LinkedHashMap<>();
    for (CompareCell c : cells) {
      systems.add(c.system());
      rows.add(c.workload() + "\t" + c.inflight());
      byKey.put(key(c.system(), c.workload(), c.inflight()), c);
    }
    List<String> names = List.copyOf(systems);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-17s %8s", "workload", "inflight"));
    for (String s : names) {
      out.append(String.format(Locale.ROOT, " | %-8s %9s %8s %8s", s, "ops/s", "p50 ms", "p99 ms"));
    }
    for (String s : names.subList(Math.min(1, names.size()), names.size())) {
      out.append(String.format(Locale.ROOT, " | %s/%-8s %7s %7s", names.get(0), s, "ops", "p99"));
    }
    out.append('\n');
    for (String row : rows) {
      String[] wl = row.split("\t");
      int inflight = Integer.parseInt(wl[1]);
      out.append(String.format(Locale.ROOT, "%-17s %8d", wl[0], inflight));
      for (String s : names) {
        Optional<CompareCell> c = Optional.ofNullable(byKey.get(key(s, wl[0], inflight)));
        out.append(c.map(v -> String.format(Locale.ROOT, " | %-8s %9.0f %8.2f %8.2f", "", v.opsPerSec(), v.p50Ms(),
            v.p99Ms())).orElse(String.format(Locale.ROOT, " | %-8s %9s %8s %8s", "", "-", "-", "-")));
      }
      CompareCell first = byKey.get(key(names.get(0), wl[0], inflight));
      for (String s : names.subList(Math.min(1, names.size()), names.size())) {
        CompareCell other = byKey.get(key(s, wl[0], inflight));
        String label = names.get(0) + "/" + s;
        out.append(String.format(Locale.ROOT, " | %-" + (label.length() + 1) + "s%7s %7s", "",
            ratio(first == null ? 0 : first.opsPerSec(), other == null ? 0 : other.opsPerSec()),
            ratio(first == null ? 0 : first.p99Ms(), other == null ? 0 : other.p99Ms())));
      }
      out.append('\n');
    }
    for (CompareCell c : cells) {
      if (c.errors() > 0) {
        out.append(String.format(Locale.ROOT, "WARNING: %s %s at %d in flight had %d failed requests%n", c.system(),
            c.workload(), c.inflight(), c.errors()));
      }
    }
    return out.toString();
  }

  /** One line for a cell as it completes. */
  static String describe(CompareCell c) {
    return String.format(Locale.ROOT, "%-8s %-17s %4d in flight: %9.0f ops/s  p50 %7.2f ms  p99 %7.2f ms%s",
        c.system(), c.workload(), c.inflight(), c.opsPerSec(), c.p50Ms(), c.p99Ms(),
        c.errors() > 0 ? "  errors " + c.errors() : "");
  }

  private static String ratio(double a, double b) {
    return a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2fx", a / b) : "-";
  }

  private static String key(String system, String workload, int inflight) {
    return system + "\t" + workload + "\t" + inflight;
  }

  /** Three decimals; JSON has no NaN or infinity, so those become 0. */
  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
  }

  /** {@code cli} with kv-bench's exit codes: 2 for a wrong command line, 1 for a failed run. */
  static CommandLine withErrorHandling(CommandLine cli) {
    cli.setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
      commandLine.getErr().println("Error: " + (thrown.getMessage() == null ? thrown : thrown.getMessage()));
      commandLine.getErr().flush();
      return 1;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("Error: " + e.getMessage());
      e.getCommandLine().getErr().flush();
      return 2;
    });
    return cli;
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(withErrorHandling(new CommandLine(new CompareReport())).execute(args));
  }
}
