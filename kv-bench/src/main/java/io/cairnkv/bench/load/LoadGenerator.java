package io.cairnkv.bench.load;

import io.cairnkv.ctl.TlsFlags;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kv-bench}: drives a workload at a running cluster and reports throughput and latency. Exit
 * codes: 0 the run completed (its errors, if any, are in the result), 1 the run could not be done
 * (cluster unreachable, preload failed), 2 the command line is wrong.
 */
@Command(name = "kv-bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load generator: closed loop (N requests in flight) or open loop (--rate, latency from the "
        + "intended send time). Prints a progress line every second, then a result table.", ""})
public final class LoadGenerator implements Callable<Integer> {
  /** Endpoints of the local cluster started by deploy/local/cluster.sh. */
  static final String LOCAL_ENDPOINTS = "n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003";

  @Option(names = "--system", defaultValue = "cairnkv", description = "System under test: cairnkv, etcd or rheakv (default: ${DEFAULT-VALUE}).")
  String system;

  @Option(names = "--endpoints", paramLabel = "LIST",
      description = "Members as host:port,... Default: $KV_ENDPOINTS, else " + LOCAL_ENDPOINTS)
  String endpoints;

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "Talk TLS, trusting this PEM CA file (as kvctl). Default: $" + TlsFlags.ENV_CACERT)
  String cacert;

  @Option(names = "--cert", paramLabel = "FILE",
      description = "Client certificate for mutual TLS; needs --key. Default: $" + TlsFlags.ENV_CERT)
  String cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PKCS#8 key of --cert. Default: $" + TlsFlags.ENV_KEY)
  String key;

  @Option(names = "--keys", defaultValue = "100000", description = "Distinct keys (default: ${DEFAULT-VALUE}).")
  long keys;

  @Option(names = "--key-distribution", defaultValue = "uniform",
      description = "uniform or zipfian (default: ${DEFAULT-VALUE}).")
  KeyChooser.Distribution distribution;

  @Option(names = "--zipf-theta", defaultValue = "0.99",
      description = "Skew of the zipfian distribution, in (0, 1) (default: ${DEFAULT-VALUE}, as YCSB).")
  double zipfTheta;

  @Option(names = "--value-size", defaultValue = "256", description = "Bytes per value (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--mix", defaultValue = "put=100", paramLabel = "OP=PCT,...",
      description = "Operation mix in percent: put, get (linearizable), sget (serializable), txn "
          + "(compare-and-put). E.g. put=50,get=50 (default: ${DEFAULT-VALUE}).")
  String mix;

  @Option(names = "--inflight", defaultValue = "16",
      description = "Requests in flight (closed loop), or the cap on them with --rate (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(names = "--rate", defaultValue = "0",
      description = "Open loop at this many ops/s; 0 = closed loop (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--clients", defaultValue = "1",
      description = "Client instances the requests are spread over (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--preload", description = "Write every key once (in transaction batches) before the run.")
  boolean preload;

  @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
      description = "Unmeasured warm-up, e.g. 10s (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
      description = "Measured time, e.g. 20s, 2m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--request-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "Deadline of each request (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the key and operation sequence.")
  long seed;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
  Path json;

  @Option(names = "--label", description = "Workload name in results (default: the mix).")
  String label;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec commandSpec;

  /** The validated run description of the parsed options. */
  LoadSpec spec() {
    String target = endpoints;
    if (target == null) {
      String env = System.getenv("KV_ENDPOINTS");
      target = env == null || env.isBlank() ? LOCAL_ENDPOINTS : env;
    }
    try {
      OperationMix parsedMix;
      try {
        parsedMix = OperationMix.parse(mix);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--mix " + e.getMessage(), e);
      }
      return new LoadSpec(system, target, keys, distribution, zipfTheta, valueSize, parsedMix, inflight, rate,
          clients, preload, warmup, duration, requestTimeout, seed, json, label);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    LoadSpec spec = spec();
    PrintWriter out = commandSpec.commandLine().getOut();
    try (Workload workload = open(spec)) {
      probe(workload, spec);
      RunResult result = new LoadRun(spec, workload, System.err).run();
      out.print(ResultFormats.table(result));
      if (spec.json() != null) {
        ResultFormats.writeJson(spec.json(), result);
        out.println("JSON result written to " + spec.json());
      }
      out.flush();
      return 0;
    }
  }

  /**
   * Opens the workload of {@code spec.system()}. CairnKV's TLS flags are resolved only on its own path, in
   * {@link CairnKvConnector}: the etcd and RheaKV class paths do not hold CairnKV's client.
   */
  private Workload open(LoadSpec spec) {
    if (CairnKvDriver.SYSTEM.equals(spec.system())) {
      java.util.function.Function<LoadSpec, Workload> connect;
      try {
        connect = CairnKvConnector.withTlsFlags(cacert, cert, key);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage(), e);
      }
      return connectChecked(() -> connect.apply(spec));
    }
    WorkloadDriver driver = WorkloadDriver.forSystem(spec.system());
    return connectChecked(() -> driver.connect(spec));
  }

  /** Runs {@code connect}, naming the option at fault when the endpoints cannot be parsed. */
  private static Workload connectChecked(java.util.function.Supplier<Workload> connect) {
    try {
      return connect.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--endpoints: " + e.getMessage(), e);
    }
  }

  /** One read before anything else, so that an unreachable cluster fails fast with a clear message. */
  private static void probe(Workload workload, LoadSpec spec) throws IOException, InterruptedException {
    long waitMs = spec.requestTimeout().toMillis() + 1000;
    try {
      workload.execute(OpType.GET, new KeySpace(1).key(0), new byte[0]).get(waitMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException("cannot reach " + workload.system() + " at " + spec.endpoints() + ": " + cause.getMessage(),
          cause);
    }
  }

  /** A command line with kv-bench's error handling: usage errors exit 2, failures 1. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LoadGenerator());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println("Error: " + (thrown.getMessage() == null ? thrown.toString() : thrown.getMessage()));
      err.flush();
      return thrown instanceof IllegalArgumentException ? 2 : 1;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("Error: " + e.getMessage());
      err.println("Run 'kv-bench --help' for usage.");
      err.flush();
      return 2;
    });
    return cli;
  }

  /** Entry point. */
  public static void main(String[] args) {
    // Before any logger exists: only warnings, and none of Ratis' client-side chatter.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "kv-bench-logback.xml");
    }
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING); // gRPC logs through JUL
    System.exit(commandLine().execute(args));
  }
}
