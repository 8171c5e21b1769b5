package io.cairnkv.server.cluster;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberStatus;
import io.cairnkv.server.cluster.net.Links;
import io.cairnkv.server.cluster.net.ProxyNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A cluster of replicas as separate JVM processes, started the way {@code bin/kv-server} starts them, on
 * loopback with ephemeral ports. Supports the faults only processes have: kill -9, SIGSTOP/SIGCONT.
 * Every process is killed on {@link #close()} and, as a last resort, by a shutdown hook. Logs and data
 * stay under the given directory.
 *
 * <p>A partitionable cluster ({@link #startPartitionable}) puts a {@link ProxyNetwork} between members:
 * each member advertises (in {@code --peers}, hence in the Raft configuration) the port of a proxy that
 * forwards to the port it really listens on ({@code --port}), so {@link #links()} can cut and heal links
 * between members. Clients made by {@link #newClient} dial the real ports and are never cut off.
 *
 * <p>Not thread-safe except {@link #pause}/{@link #resume}/{@link #kill} from one nemesis thread.
 */
public final class ProcessCluster implements AutoCloseable {
  private final Path root;
  private final LoopbackPorts ports;
  /** Where each member really listens when proxied; null when members listen on their advertised ports. */
  private final LoopbackPorts listenPorts;
  private final ProxyNetwork network;
  private final Map<String, String> settings;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final List<KvClient> clients = new ArrayList<>();
  private final Thread reaper = new Thread(this::killAll, "process-cluster-reaper");
  private int lastId;

  private ProcessCluster(Path root, int size, Map<String, String> settings, boolean partitionable) {
    this.root = root;
    this.settings = settings;
    this.ports = new LoopbackPorts(size);
    this.lastId = size;
    this.listenPorts = partitionable ? new LoopbackPorts(0) : null;
    this.network = partitionable ? new ProxyNetwork(this::memberPids) : null;
    for (String id : ids()) {
      routeThroughProxy(id);
    }
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Starts {@code size} server processes and waits until one of them leads. */
  public static ProcessCluster start(Path root, int size, Map<String, String> settings) {
    return start(new ProcessCluster(root, size, settings, false));
  }

  /**
   * Like {@link #start}, with a proxy in front of every member so that links between members can be cut.
   *
   * @throws IllegalStateException if this system cannot run the proxies (see {@link ProxyNetwork})
   */
  public static ProcessCluster startPartitionable(Path root, int size, Map<String, String> settings) {
    return start(new ProcessCluster(root, size, settings, true));
  }

  private static ProcessCluster start(ProcessCluster cluster) {
    try {
      for (String id : cluster.ids()) {
        cluster.startNode(id);
      }
      cluster.awaitLeader(Duration.ofSeconds(60));
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void routeThroughProxy(String id) {
    if (network != null) {
      network.add(id, ports.port(id), listenPorts.add(id));
    }
  }

  /** The advertised members, {@code id=127.0.0.1:port,...}: what {@code --peers} and Raft carry. */
  public String peers() {
    return ports.peers();
  }

  /** Direct endpoints of every member, {@code id=127.0.0.1:port,...}, bypassing any proxy. */
  public String clientEndpoints() {
    return network == null ? ports.peers() : listenPorts.peers();
  }

  /** Member {@code id} at its direct address, for calls that must reach that very member. */
  public synchronized Member member(String id) {
    if (!ports.contains(id)) {
      throw new IllegalStateException("no member " + id + " in this cluster: " + ids());
    }
    return new Member(id, "127.0.0.1:" + (network == null ? ports.port(id) : listenPorts.port(id)));
  }

  /** Member {@code id}'s advertised address, as peers and the Raft configuration know it. */
  public String advertisedAddress(String id) {
    return "127.0.0.1:" + ports.port(id);
  }

  /**
   * The links between members, to cut and heal.
   *
   * @throws IllegalStateException unless started with {@link #startPartitionable}
   */
  public Links links() {
    return network().links();
  }

  /** Connections member {@code from} opened to member {@code to} (partitionable clusters only). */
  public long connections(String from, String to) {
    return network().connections(from, to);
  }

  private ProxyNetwork network() {
    if (network == null) {
      throw new IllegalStateException("this cluster has no proxies between members: use startPartitionable");
    }
    return network;
  }

  /** Live member processes, pid to member id. */
  private Map<Long, String> memberPids() {
    Map<Long, String> pids = new HashMap<>();
    processes.forEach((id, p) -> {
      if (p.isAlive()) {
        pids.put(p.pid(), id);
      }
    });
    return pids;
  }

  /**
   * Starts a new member with an empty data directory and the next unused id, listing every member and
   * itself as peers; it is not in the Raft configuration until someone adds it.
   *
   * @return its id
   */
  public synchronized String addNode() {
    String id = "n" + (++lastId);
    ports.add(id);
    routeThroughProxy(id);
    startNode(id);
    return id;
  }

  /** Stops member {@code id} for good (after it left the configuration); its directory stays. */
  public synchronized void removeNode(String id) {
    stopNode(id);
    processes.remove(id);
    if (network != null) {
      network.remove(id);
      listenPorts.remove(id);
    }
    ports.remove(id);
  }

  /** Member ids, of members started and not removed. */
  public synchronized List<String> ids() {
    List<String> ids = new ArrayList<>();
    ports.ids().forEach(ids::add);
    return ids;
  }

  /** Directory of member {@code id} (data and server.log). */
  public Path nodeDir(String id) {
    return root.resolve(id);
  }

  /** Starts member {@code id} (again) on its data directory. */
  public synchronized void startNode(String id) {
    Process running = processes.get(id);
    if (running != null && running.isAlive()) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.add("-XX:+UseParallelGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.cairnkv.server.KvServerMain");
    command.addAll(List.of("--id", id, "--data-dir", nodeDir(id).resolve("data").toString(), "--peers", peers()));
    command.addAll(List.of("--admin-port", "0")); // any free port: the default (port + 1000) may be taken
    if (network != null) {
      command.addAll(List.of("--port", Integer.toString(listenPorts.port(id))));
    }
    settings.forEach((k, v) -> command.addAll(List.of("-s", k + "=" + v)));
    try {
      Files.createDirectories(nodeDir(id));
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir(id).resolve("server.log").toFile()))
          .start();
      processes.put(id, p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id, e);
    }
  }

  /** SIGKILL: no shutdown hook, no snapshot on stop, nothing flushed that was not already. */
  public synchronized void kill(String id) {
    Process p = processes.get(id);
    if (p != null) {
      resume(id); // a stopped process must be continued to die promptly
      p.destroyForcibly();
      waitFor(p, id);
    }
  }

  /** SIGTERM and wait: a clean stop. */
  public synchronized void stopNode(String id) {
    Process p = processes.get(id);
    if (p != null) {
      resume(id);
      p.destroy();
      waitFor(p, id);
    }
  }

  private static void waitFor(Process p, String id) {
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + id, e);
    }
  }

  /** SIGSTOP: the process freezes (like an endless GC pause) until {@link #resume}. */
  public void pause(String id) {
    signal(id, "STOP");
  }

  /** SIGCONT. */
  public void resume(String id) {
    signal(id, "CONT");
  }

  private void signal(String id, String signal) {
    Process p;
    synchronized (this) {
      p = processes.get(id);
    }
    signal(p, signal);
  }

  private static void signal(Process p, String signal) {
    if (p == null || !p.isAlive()) {
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether member {@code id} accepts connections on its direct port. A new member answers no status
   * query until it has caught up, which needs the leader to know it first: this is the earlier sign.
   */
  public boolean isListening(String id) {
    Member m = member(id);
    int port = Integer.parseInt(m.address().substring(m.address().lastIndexOf(':') + 1));
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  /** Whether member {@code id}'s process is alive. */
  public synchronized boolean isRunning(String id) {
    Process p = processes.get(id);
    return p != null && p.isAlive();
  }

  /** A client of this cluster; closed with it. */
  public synchronized KvClient newClient(Duration requestTimeout) {
    KvClient client = KvClient.builder().endpoints(clientEndpoints()).requestTimeout(requestTimeout).build();
    clients.add(client);
    return client;
  }

  /** The member that reports itself leader, if any. */
  public Optional<String> leader(KvClient probe) {
    for (String id : ids()) {
      try {
        if (probe.status(member(id)).role().equals("LEADER")) {
          return Optional.of(id);
        }
      } catch (KvException e) {
        // down, paused or still starting
      }
    }
    return Optional.empty();
  }

  /** Each member's answer to a status request, for failure messages: "n1=FOLLOWER(leader n2), n3=...". */
  public String describeRoles(KvClient probe) {
    StringJoiner roles = new StringJoiner(", ");
    for (String id : ids()) {
      try {
        MemberStatus s = probe.status(member(id));
        roles.add(id + "=" + s.role() + "(term " + s.raftTerm() + ", leader " + s.leaderId() + ", applied "
            + s.appliedIndex() + ")");
      } catch (KvException e) {
        roles.add(id + "=" + e.code() + " " + e.getMessage());
      }
    }
    return roles.toString();
  }

  /**
   * The voting members as the leader sees them, sorted; empty if no member reports itself leader or it
   * does not answer. A follower or a removed member may hold an older configuration: only the leader's
   * counts.
   */
  public Optional<List<String>> configuration(KvClient probe) {
    Optional<String> leader = leader(probe);
    if (leader.isEmpty()) {
      return Optional.empty();
    }
    Member m = member(leader.get());
    try (KvClient direct = KvClient.builder().endpoints(m.id() + "=" + m.address())
        .requestTimeout(Duration.ofSeconds(2)).build()) {
      return Optional.of(direct.members().stream().map(Member::id).sorted().toList());
    } catch (KvException notNow) {
      return Optional.empty(); // lost leadership meanwhile
    }
  }

  /** Waits (bounded) for a leader and returns its id. */
  public String awaitLeader(Duration atMost) {
    KvClient probe = newClient(Duration.ofSeconds(2));
    return Awaitility.await("a leader").atMost(atMost).pollInterval(Duration.ofMillis(200))
        .until(() -> leader(probe), Optional::isPresent).orElseThrow();
  }

  @Override
  public synchronized void close() {
    clients.forEach(KvClient::close);
    clients.clear();
    killAll();
    if (network != null) {
      network.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void killAll() {
    List<Process> all = new ArrayList<>(processes.values()); // no lock: may run in the shutdown hook
    for (Process p : all) {
      signal(p, "CONT");
      p.destroyForcibly();
    }
    for (Process p : all) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
