package io.cairnkv.ctl;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.client.TlsConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code kvctl}: the command-line client, modelled on etcdctl. Exit codes: 0 success, 1 the request
 * failed, 2 the command line is wrong.
 */
@Command(name = "kvctl", mixinStandardHelpOptions = true, versionProvider = Kvctl.Version.class,
    description = "Command-line client of a CairnKV cluster.",
    subcommands = {PutCommand.class, GetCommand.class, DelCommand.class, TxnCommand.class, MemberCommand.class,
        EndpointCommand.class, LeaderCommand.class, SnapshotCommand.class, UserCommand.class, RoleCommand.class,
        AuthSwitchCommand.class})
public final class Kvctl {
  /** Endpoints of the local cluster started by deploy/local/cluster.sh. */
  public static final String LOCAL_ENDPOINTS = "n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003";

  @Option(names = "--endpoints", scope = ScopeType.INHERIT, paramLabel = "LIST",
      description = "Members as host:port,... (an id= prefix is accepted). Default: $KV_ENDPOINTS, else "
          + LOCAL_ENDPOINTS)
  String endpoints;

  @Option(names = "--cluster-name", scope = ScopeType.INHERIT, defaultValue = "cairnkv",
      description = "Cluster name (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(names = "--timeout", scope = ScopeType.INHERIT, defaultValue = "10s", converter = DurationConverter.class,
      description = "Deadline of each request, e.g. 500ms, 5s, 1m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = {"-w", "--write-out"}, scope = ScopeType.INHERIT, defaultValue = "simple",
      description = "Output format: simple or json (default: ${DEFAULT-VALUE}).")
  OutputFormat writeOut;

  @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "NAME[:PASSWORD]",
      description = "Authenticate as NAME (needed once auth is enabled). Default: $KV_USER. The password: after "
          + "the colon, else $KV_PASSWORD, else prompted (or the first line of standard input).")
  String user;

  @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Talk TLS, trusting the CA certificates in this PEM file. Default: $" + TlsFlags.ENV_CACERT)
  String cacert;

  @Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Client certificate (PEM) for mutual TLS; needs --key and --cacert. Default: $"
          + TlsFlags.ENV_CERT)
  String cert;

  @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Unencrypted PKCS#8 PEM key of --cert. Default: $" + TlsFlags.ENV_KEY)
  String key;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private KvClient client;
  private boolean tls;

  /** Output formats. */
  public enum OutputFormat { simple, json }

  /** The effective endpoint list. */
  String endpointList() {
    if (endpoints != null) {
      return endpoints;
    }
    String env = System.getenv("KV_ENDPOINTS");
    return env == null || env.isBlank() ? LOCAL_ENDPOINTS : env;
  }

  /** The client, created on first use. */
  KvClient client() {
    if (client == null) {
      KvClient.Builder builder;
      try {
        builder = KvClient.builder().endpoints(endpointList()).clusterName(clusterName).requestTimeout(timeout);
        withCredentials(builder);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--endpoints: " + e.getMessage());
      }
      try {
        Optional<TlsConfig> tlsConfig = TlsFlags.resolve(cacert, cert, key, System.getenv());
        tlsConfig.ifPresent(builder::tls);
        tls = tlsConfig.isPresent();
        client = builder.build();
      } catch (IllegalArgumentException e) {
        // Reported through this command line, so the message goes where its output is configured to go.
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return client;
  }

  /** Adds the --user (or $KV_USER) credentials to {@code builder}, if any. */
  private void withCredentials(KvClient.Builder builder) {
    String given = user != null ? user : System.getenv("KV_USER");
    if (given == null || given.isEmpty()) {
      return;
    }
    int colon = given.indexOf(':');
    String name = colon < 0 ? given : given.substring(0, colon);
    if (name.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--user: the user name is empty");
    }
    String password = Passwords.obtain(spec.commandLine(), colon < 0 ? null : given.substring(colon + 1),
        "KV_PASSWORD", "Password of " + name);
    builder.credentials(name, password);
  }

  boolean json() {
    return writeOut == OutputFormat.json;
  }

  void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /** A command line wired with error handling and every installed extension (e.g. backup commands). */
  public static CommandLine commandLine() {
    Kvctl root = new Kvctl();
    CommandLine cli = new CommandLine(root);
    for (KvctlExtension extension : ServiceLoader.load(KvctlExtension.class)) {
      extension.register(cli);
    }
    cli.setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      Throwable e = thrown instanceof java.util.concurrent.CompletionException && thrown.getCause() != null
          ? thrown.getCause() : thrown;
      if (e instanceof KvException) {
        StatusCode code = ((KvException) e).code();
        err.println("Error: " + code + ": " + e.getMessage());
        if (code == StatusCode.UNAVAILABLE || code == StatusCode.DEADLINE_EXCEEDED) {
          // A TLS mismatch looks like an unreachable cluster to the client: say what to check.
          err.println(root.tls
              ? "Hint: if the cluster is up, check that --cacert holds the CA of the servers' certificates and "
                  + "that the cluster accepts your --cert (or that it uses TLS at all)"
              : "Hint: if the cluster uses TLS, pass --cacert (and --cert/--key for mutual TLS) or set "
                  + TlsFlags.ENV_CACERT + ", " + TlsFlags.ENV_CERT + ", " + TlsFlags.ENV_KEY);
        }
      } else {
        err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
      err.flush();
      return 1;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("Error: " + e.getMessage());
      err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return 2;
    });
    return cli;
  }

  /** Runs kvctl with {@code args} and returns the exit code; the client is closed afterwards. */
  public static int run(CommandLine cli, String... args) {
    try {
      return cli.execute(args);
    } finally {
      ((Kvctl) cli.getCommand()).closeClient();
    }
  }

  /** Entry point. */
  public static void main(String[] args) {
    // Before any logger exists: the CLI logs only warnings, and never Ratis' client-side chatter.
    System.setProperty("logback.configurationFile", "kvctl-logback.xml");
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING); // gRPC logs through JUL
    System.exit(run(commandLine(), args));
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Kvctl.class.getPackage().getImplementationVersion();
      return new String[] {"kvctl " + (v == null ? "dev" : v)};
    }
  }

  /** Parses durations such as 500ms, 5s, 2m. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
        } else if (v.endsWith("s")) {
          return positive(Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000)), value);
        } else if (v.endsWith("m")) {
          return positive(Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60), value);
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 5s or 1m");
    }

    private static Duration positive(Duration d, String value) {
      if (d.isZero() || d.isNegative()) {
        throw new CommandLine.TypeConversionException("'" + value + "' must be positive");
      }
      return d;
    }
  }
}
