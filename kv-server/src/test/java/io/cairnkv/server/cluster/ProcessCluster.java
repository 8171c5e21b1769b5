package io.cairnkv.server.cluster;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
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
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A cluster of replicas as separate JVM processes, started the way {@code bin/kv-server} starts them, on
 * loopback with ephemeral ports. Supports the faults only processes have: kill -9, SIGSTOP/SIGCONT.
 * Every process is killed on {@link #close()} and, as a last resort, by a shutdown hook. Logs and data
 * stay under the given directory. Not thread-safe except {@link #pause}/{@link #resume}/{@link #kill}
 * from one nemesis thread.
 */
public final class ProcessCluster implements AutoCloseable {
  private final Path root;
  private final LoopbackPorts ports;
  private final Map<String, String> settings;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final List<KvClient> clients = new ArrayList<>();
  private final Thread reaper = new Thread(this::killAll, "process-cluster-reaper");

  private ProcessCluster(Path root, int size, Map<String, String> settings) {
    this.root = root;
    this.settings = settings;
    this.ports = new LoopbackPorts(size);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Starts {@code size} server processes and waits until one of them leads. */
  public static ProcessCluster start(Path root, int size, Map<String, String> settings) {
    ProcessCluster cluster = new ProcessCluster(root, size, settings);
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

  /** {@code id=127.0.0.1:port,...}. */
  public String peers() {
    return ports.peers();
  }

  /** Member ids. */
  public List<String> ids() {
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

  /** Whether member {@code id}'s process is alive. */
  public synchronized boolean isRunning(String id) {
    Process p = processes.get(id);
    return p != null && p.isAlive();
  }

  /** A client of this cluster; closed with it. */
  public synchronized KvClient newClient(Duration requestTimeout) {
    KvClient client = KvClient.builder().endpoints(peers()).requestTimeout(requestTimeout).build();
    clients.add(client);
    return client;
  }

  /** The member that reports itself leader, if any. */
  public Optional<String> leader(KvClient probe) {
    for (String id : ids()) {
      try {
        if (probe.status(new Member(id, "127.0.0.1:" + ports.port(id))).role().equals("LEADER")) {
          return Optional.of(id);
        }
      } catch (KvException e) {
        // down, paused or still starting
      }
    }
    return Optional.empty();
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
