package io.cairnkv.server;

import io.cairnkv.server.config.ConfigException;
import io.cairnkv.server.config.ConfigLoader;
import io.cairnkv.server.config.KvServerConfig;
import io.cairnkv.server.config.KvServerConfigKeys;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/kv-server}: starts one replica and runs until SIGTERM or SIGINT. */
@Command(name = "kv-server", mixinStandardHelpOptions = true,
    description = "Starts one CairnKV replica. Settings come from --config FILE, then CAIRNKV_* environment "
        + "variables, then flags (later wins).")
public final class KvServerMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(KvServerMain.class);

  @Option(names = "--config", description = "Properties file with any of the settings below.")
  private Path configFile;

  @Option(names = "--id", description = "This member's id, e.g. n1.")
  private String id;

  @Option(names = "--data-dir", description = "Directory for the Raft log, snapshots and store.")
  private String dataDir;

  @Option(names = "--peers", description = "All members: id=host:port,id=host:port,...")
  private String peers;

  @Option(names = "--cluster-name", description = "Cluster name (default cairnkv).")
  private String clusterName;

  @Option(names = "--bind-host", description = "Listen address (default: this member's host in --peers).")
  private String bindHost;

  @Option(names = "--port", description = "Raft/client port (default: this member's port in --peers).")
  private String port;

  @Option(names = "--admin-port", description = "Admin HTTP port for /metrics, /health, /ready, /status "
      + "(default: --port + 1000; -1 disables).")
  private String adminPort;

  @Option(names = "--admin-bind-host", description = "Admin HTTP listen address (default: --bind-host).")
  private String adminBindHost;

  @Option(names = {"-s", "--set"}, description = "Any other setting as KEY=VALUE (repeatable), e.g. "
      + "-s limits.value-max-bytes=2097152 or -s raft.server.log.segment.size.max=32MB")
  private Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    KvServerConfig config;
    try {
      config = loadConfig();
    } catch (ConfigException e) {
      System.err.println("kv-server: invalid configuration: " + e.getMessage());
      return 2;
    }
    LOG.info("Effective configuration:\n{}", config.describe());
    KvServer server = KvServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Shutdown requested (signal); stopping cleanly");
      try {
        server.close();
      } catch (Exception e) {
        LOG.error("Error while stopping", e);
      } finally {
        stopped.countDown();
      }
    }, "kv-server-shutdown"));
    stopped.await();
    return 0;
  }

  private KvServerConfig loadConfig() {
    ConfigLoader loader = new ConfigLoader();
    if (configFile != null) {
      loader.file(configFile);
    }
    loader.environment(System.getenv());
    Map<String, String> flags = new LinkedHashMap<>(settings);
    putIfSet(flags, KvServerConfigKeys.ID, id);
    putIfSet(flags, KvServerConfigKeys.DATA_DIR, dataDir);
    putIfSet(flags, KvServerConfigKeys.PEERS, peers);
    putIfSet(flags, KvServerConfigKeys.CLUSTER_NAME, clusterName);
    putIfSet(flags, KvServerConfigKeys.BIND_HOST, bindHost);
    putIfSet(flags, KvServerConfigKeys.PORT, port);
    putIfSet(flags, KvServerConfigKeys.ADMIN_PORT, adminPort);
    putIfSet(flags, KvServerConfigKeys.ADMIN_BIND_HOST, adminBindHost);
    return loader.flags(flags).load();
  }

  private static void putIfSet(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }

  /** Entry point. */
  public static void main(String[] args) {
    // Ratis chains follower appends with thenComposeAsync on the common pool; with parallelism 1 (2 CPUs)
    // the JDK starts a new thread per task. Two workers avoid that (measured in docs/performance.md).
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
          Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
    // gRPC (inside Ratis) logs through java.util.logging: send it to the same log, in the same format.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
    int code = new CommandLine(new KvServerMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
