package io.cairnkv.server.cluster;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.Member;
import io.cairnkv.client.TlsConfig;
import io.cairnkv.server.KvServer;
import io.cairnkv.server.config.ConfigLoader;
import io.cairnkv.server.config.KvServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * A cluster of replicas in this JVM, on loopback with ephemeral ports, with data under a directory the
 * test owns (kept in {@code target/} for diagnosis). Nodes can be stopped and restarted on the same data.
 * Not thread-safe: drive it from the test thread.
 */
public final class InProcessCluster implements AutoCloseable {
  private final Path root;
  private final LoopbackPorts ports;
  private final Map<String, KvServer> running = new LinkedHashMap<>();
  private final Map<String, String> extraSettings;
  private final Map<String, Map<String, String>> nodeSettings;
  private final TlsConfig clientTls;
  private final List<KvClient> clients = new ArrayList<>();

  private InProcessCluster(Path root, int size, Map<String, String> extraSettings,
      Map<String, Map<String, String>> nodeSettings, TlsConfig clientTls) {
    this.root = root;
    this.extraSettings = extraSettings;
    this.nodeSettings = nodeSettings;
    this.clientTls = clientTls;
    this.ports = new LoopbackPorts(size);
  }

  /** Starts {@code size} replicas under {@code root} and waits for a leader. */
  public static InProcessCluster start(Path root, int size) {
    return start(root, size, Map.of());
  }

  /** Starts {@code size} replicas with extra settings (config keys) and waits for a leader. */
  public static InProcessCluster start(Path root, int size, Map<String, String> settings) {
    return start(root, size, settings, Map.of(), null);
  }

  /**
   * Starts {@code size} replicas with settings for all, per-member settings on top ({@code nodeSettings},
   * by id) and clients that use {@code clientTls} (null: plaintext), and waits for a leader.
   */
  public static InProcessCluster start(Path root, int size, Map<String, String> settings,
      Map<String, Map<String, String>> nodeSettings, TlsConfig clientTls) {
    InProcessCluster cluster = new InProcessCluster(root, size, settings, nodeSettings, clientTls);
    try {
      for (String id : cluster.ids()) {
        cluster.startNode(id);
      }
      cluster.awaitLeader();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code id=127.0.0.1:port,...} for every member. */
  public String peers() {
    return ports.peers();
  }

  /** Member ids, in order. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    ports.ids().forEach(ids::add);
    return ids;
  }

  /** Data directory of member {@code id}. */
  public Path dataDir(String id) {
    return root.resolve(id);
  }

  /** Starts (or restarts, on its existing data) member {@code id}. */
  public KvServer startNode(String id) {
    Map<String, String> flags = new LinkedHashMap<>();
    // Any free port: the default (Raft port + 1000) may be taken on a busy test machine.
    flags.put("admin-port", "0");
    flags.putAll(extraSettings);
    flags.putAll(nodeSettings.getOrDefault(id, Map.of()));
    flags.put("id", id);
    flags.put("data-dir", dataDir(id).toString());
    flags.put("peers", peers());
    KvServerConfig config = new ConfigLoader().flags(flags).load();
    try {
      Files.createDirectories(dataDir(id));
      KvServer server = KvServer.start(config);
      running.put(id, server);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id, e);
    }
  }

  /**
   * Starts a new, empty member {@code id} whose peer list includes itself and every current member, and
   * adds it to the cluster's configuration through {@code client}.
   */
  public KvServer addNode(String id, KvClient client) {
    Member member = startNewNode(id);
    client.addMember(id, member.address());
    return node(id);
  }

  /**
   * Starts a new, empty member {@code id} whose peer list includes itself and every current member, without
   * adding it to the configuration: it waits for the leader, as an operator's new server does.
   */
  public Member startNewNode(String id) {
    if (ports.contains(id)) {
      throw new IllegalArgumentException(id + " already exists");
    }
    int port = ports.add(id);
    startNode(id);
    return new Member(id, "127.0.0.1:" + port);
  }

  /** Forgets member {@code id} after the cluster removed it from its configuration; stops it if running. */
  public void forgetNode(String id) {
    stopNode(id);
    ports.remove(id);
  }

  /** Stops member {@code id} (its data stays). */
  public void stopNode(String id) {
    KvServer server = running.remove(id);
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop " + id, e);
      }
    }
  }

  /** The running server of member {@code id}. */
  public KvServer node(String id) {
    KvServer server = running.get(id);
    if (server == null) {
      throw new IllegalStateException(id + " is not running");
    }
    return server;
  }

  /** Base URI of member {@code id}'s admin HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public java.net.URI adminUri(String id) {
    java.net.InetSocketAddress address = node(id).adminAddress()
        .orElseThrow(() -> new IllegalStateException(id + " has no admin endpoint"));
    String scheme = node(id).config().tls().enabled() ? "https" : "http";
    return java.net.URI.create(scheme + "://127.0.0.1:" + address.getPort());
  }

  /** Ids of the running members. */
  public List<String> runningIds() {
    return new ArrayList<>(running.keySet());
  }

  /** The current leader among running members, if one is known. */
  public Optional<String> leader() {
    return running.entrySet().stream().filter(e -> e.getValue().isLeader()).map(Map.Entry::getKey).findFirst();
  }

  /** Waits (bounded) until a running member is leader, and returns its id. */
  public String awaitLeader() {
    return Awaitility.await("a leader is elected").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50)).until(this::leader, Optional::isPresent).orElseThrow();
  }

  /** A client for every member; closed with the cluster. */
  public KvClient newClient() {
    return newClient(Duration.ofSeconds(15));
  }

  /** A client with the given request deadline; closed with the cluster. */
  public KvClient newClient(Duration requestTimeout) {
    return newClient(requestTimeout, clientTls);
  }

  /** A client with the given deadline and TLS settings (null: plaintext); closed with the cluster. */
  public KvClient newClient(Duration requestTimeout, TlsConfig tls) {
    return newClient(tls, b -> b.requestTimeout(requestTimeout));
  }

  /**
   * A client with the cluster's client TLS settings, configured further by {@code configure} (credentials,
   * timeouts, other TLS); closed with the cluster.
   */
  public KvClient newClient(java.util.function.UnaryOperator<KvClient.Builder> configure) {
    return newClient(clientTls, configure);
  }

  private KvClient newClient(TlsConfig tls, java.util.function.UnaryOperator<KvClient.Builder> configure) {
    KvClient.Builder builder = KvClient.builder().endpoints(peers()).requestTimeout(Duration.ofSeconds(15))
        .clusterName(extraSettings.getOrDefault("cluster-name", "cairnkv"));
    if (tls != null) {
      builder.tls(tls);
    }
    KvClient client = configure.apply(builder).build();
    clients.add(client);
    return client;
  }

  /** Stops every member and client. Data directories stay for diagnosis. */
  @Override
  public void close() {
    clients.forEach(KvClient::close);
    clients.clear();
    for (String id : new ArrayList<>(running.keySet())) {
      try {
        stopNode(id);
      } catch (RuntimeException e) {
        // Keep stopping the others; the failure is already logged by the server.
      }
    }
  }
}
