package io.cairnkv.bench.rheakv;

import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.rhea.client.DefaultRheaKVStore;
import com.alipay.sofa.jraft.rhea.options.RheaKVStoreOptions;
import com.alipay.sofa.jraft.rhea.options.StoreEngineOptions;
import com.alipay.sofa.jraft.rhea.options.configured.RheaKVStoreOptionsConfigured;
import com.alipay.sofa.jraft.rhea.options.configured.RocksDBOptionsConfigured;
import com.alipay.sofa.jraft.rhea.options.configured.StoreEngineOptionsConfigured;
import com.alipay.sofa.jraft.rhea.storage.StorageType;
import com.alipay.sofa.jraft.util.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One RheaKV store (one JVM) of a benchmark cluster: no placement driver (RheaKV's "fake PD"), so every store
 * of {@code --servers} holds the one region covering all keys, replicated by SOFAJRaft. Raft log fsync is on
 * (SOFAJRaft's default, set explicitly); RocksDB keeps RheaKV's default options. Runs until killed (SIGTERM
 * shuts the store down cleanly).
 */
@Command(name = "rheakv-store", mixinStandardHelpOptions = true, description = "Runs one RheaKV store.")
public final class RheaKvStoreMain implements Callable<Integer> {
  /** The cluster name stores and clients agree on. */
  static final String CLUSTER_NAME = "kv-bench";

  @Option(names = "--address", required = true, paramLabel = "HOST:PORT", description = "This store's address.")
  String address;

  @Option(names = "--servers", required = true, paramLabel = "LIST", description = "All stores, host:port,...")
  String servers;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Raft log and RocksDB directory.")
  Path data;

  /** The options of this store, as documented on the class. */
  RheaKVStoreOptions options() {
    String[] hostPort = address.split(":", 2);
    if (hostPort.length != 2 || !List.of(servers.split(",")).contains(address)) {
      throw new IllegalArgumentException("--address must be host:port and one of --servers, got " + address);
    }
    NodeOptions node = new NodeOptions();
    node.getRaftOptions().setSync(true);
    StoreEngineOptions storeEngine = StoreEngineOptionsConfigured.newConfigured()
        .withStorageType(StorageType.RocksDB)
        .withRocksDBOptions(RocksDBOptionsConfigured.newConfigured().withDbPath(data.resolve("db").toString()).config())
        .withRaftDataPath(data.resolve("raft").toString())
        .withServerAddress(new Endpoint(hostPort[0], Integer.parseInt(hostPort[1])))
        .withCommonNodeOptions(node)
        .config();
    return RheaKVStoreOptionsConfigured.newConfigured()
        .withClusterName(CLUSTER_NAME)
        .withInitialServerList(servers)
        .withStoreEngineOptions(storeEngine)
        .withPlacementDriverOptions(RheaKvRegion.placementDriver(servers))
        .config();
  }

  @Override
  public Integer call() throws Exception {
    RheaKVStoreOptions options = options();
    Files.createDirectories(data);
    DefaultRheaKVStore store = new DefaultRheaKVStore();
    if (!store.init(options)) {
      System.err.println("RheaKV store " + address + " failed to start");
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      store.shutdown();
      stopped.countDown();
    }, "rheakv-shutdown"));
    System.out.println("RheaKV store " + address + " started, data in " + data);
    stopped.await();
    return 0;
  }

  /** Entry point. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "kv-bench-logback.xml");
    }
    System.exit(new CommandLine(new RheaKvStoreMain()).execute(args));
  }
}
