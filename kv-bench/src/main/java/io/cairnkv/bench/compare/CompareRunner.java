package io.cairnkv.bench.compare;

import io.cairnkv.bench.load.DurationConverter;
import io.cairnkv.bench.load.KeyChooser;
import io.cairnkv.bench.load.LoadRun;
import io.cairnkv.bench.load.LoadSpec;
import io.cairnkv.bench.load.OpType;
import io.cairnkv.bench.load.RunResult;
import io.cairnkv.bench.load.Workload;
import io.cairnkv.bench.load.WorkloadDriver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kv-bench compare-run}: one system's share of {@code kv-bench/compare.sh}. Runs every workload at every
 * in-flight count through one connection (so the JIT warms up once per system), preloading the keys first,
 * and appends one {@link CompareCell} line per cell to {@code --out} as soon as it is measured. Exit codes:
 * 0 done, 1 the run failed (e.g. the preload), 2 the command line is wrong.
 */
@Command(name = "kv-bench compare-run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs the comparison's workload x in-flight cells against one system.")
public final class CompareRunner implements Callable<Integer> {
  private static final long READY_RETRY_MS = 500;
  private static final int MAX_MESSAGE_CHARS = 300;
  private static final int SYSTEM_WARMUP_INFLIGHT = 64;

  @Option(names = "--system", required = true, description = "Driver: cairnkv, etcd or rheakv.")
  String system;

  @Option(names = "--name", description = "System name in the results (default: the driver name).")
  String name;

  @Option(names = "--endpoints", required = true, paramLabel = "LIST", description = "Members, in the driver's format.")
  String endpoints;

  @Option(names = "--workloads", split = ",", defaultValue = "put,get-linearizable,get-serializable,mix",
      description = "Workloads in run order (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(names = "--inflight", split = ",", defaultValue = "1,16,64,256",
      description = "Requests in flight, each a cell (default: ${DEFAULT-VALUE}).")
  List<Integer> inflight;

  @Option(names = "--keys", defaultValue = "100000", description = "Keys, preloaded (default: ${DEFAULT-VALUE}).")
  long keys;

  @Option(names = "--value-size", defaultValue = "100", description = "Bytes per value (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--no-preload", description = "Skip writing every key before the first cell (keys already there).")
  boolean noPreload;

  @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
      description = "Unmeasured warm-up of each cell (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "6s", converter = DurationConverter.class,
      description = "Measured time of each cell (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--system-warmup", defaultValue = "15s", converter = DurationConverter.class,
      description = "Unmeasured 50/50 put/get load at 64 in flight after the preload, before the first cell, so "
          + "that JVM-based systems are not measured while their JIT compiles; 0 to skip (default: ${DEFAULT-VALUE}).")
  Duration systemWarmup;

  @Option(names = "--request-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "Deadline of each request (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--ready-timeout", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to retry a first put while the cluster elects a leader (default: ${DEFAULT-VALUE}).")
  Duration readyTimeout;

  @Option(names = "--clients", defaultValue = "1", description = "Client instances (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File the cells are appended to.")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec commandSpec;

  /** The validated spec of every measured cell, in run order; only the first preloads (unless warmUp() does). */
  List<LoadSpec> cells() {
    try {
      boolean preloadFirst = !noPreload && systemWarmup.isZero();
      List<LoadSpec> specs = new ArrayList<>();
      for (String label : workloads) {
        CompareWorkload workload = CompareWorkload.of(label);
        for (int n : inflight) {
          specs.add(new LoadSpec(system, endpoints, keys, KeyChooser.Distribution.UNIFORM, 0.99, valueSize,
              workload.mix(), n, 0, clients, preloadFirst && specs.isEmpty(), warmup, duration, requestTimeout, 1,
              null, workload.label()));
        }
      }
      return specs;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage(), e);
    }
  }

  /** The unmeasured system warm-up run before the cells (it preloads), or empty with {@code --system-warmup 0}. */
  Optional<LoadSpec> warmUp() {
    if (systemWarmup.isZero()) {
      return Optional.empty();
    }
    return Optional.of(new LoadSpec(system, endpoints, keys, KeyChooser.Distribution.UNIFORM, 0.99, valueSize,
        CompareWorkload.MIX.mix(), SYSTEM_WARMUP_INFLIGHT, 0, clients, !noPreload, Duration.ZERO, systemWarmup,
        requestTimeout, 2, null, "system-warm-up"));
  }

  /** The system name in results. */
  String resultName() {
    return name != null ? name : system;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<LoadSpec> cells = cells();
    PrintWriter stdout = commandSpec.commandLine().getOut();
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Workload workload = WorkloadDriver.forSystem(system).connect(cells.get(0))) {
      awaitReady(workload);
      Optional<LoadSpec> warm = warmUp();
      if (warm.isPresent()) {
        new LoadRun(warm.get(), workload, System.err).run();
      }
      for (LoadSpec spec : cells) {
        RunResult result = new LoadRun(spec, workload, System.err).run();
        CompareCell cell = CompareCell.of(resultName(), result);
        Files.writeString(out, cell.toLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        stdout.println(CompareReport.describe(cell));
        stdout.flush();
      }
    }
    return 0;
  }

  /**
   * Retries one put until it succeeds, so that a cluster just started has elected its leader before the
   * preload; bounded by {@code --ready-timeout}.
   *
   * @throws IOException if no put succeeded in time
   */
  private void awaitReady(Workload workload) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    byte[] key = "bench/ready".getBytes(StandardCharsets.UTF_8);
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        workload.execute(OpType.PUT, key, key).get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        last = e.getCause() != null ? e.getCause() : e;
        Thread.sleep(READY_RETRY_MS); // a remote election, nothing local to wait on
      }
    }
    throw new IOException(system + " at " + endpoints + " did not accept a put within " + readyTimeout.toSeconds()
        + " s: " + (last == null ? "no attempt finished" : abbreviate(String.valueOf(last.getMessage()))), last);
  }

  /** Some clients (RheaKV's) put every retry's failure into one message. */
  private static String abbreviate(String message) {
    return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  /** Entry point. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "kv-bench-logback.xml");
    }
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    System.exit(CompareReport.withErrorHandling(new CommandLine(new CompareRunner())).execute(args));
  }
}
