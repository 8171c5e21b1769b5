package io.cairnkv.bench.jmh;

import io.cairnkv.server.KvServer;
import io.cairnkv.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Replicas in the benchmark's JVM on loopback ports, with default server settings (fsync on), for the
 * end-to-end benchmark. The test suite's {@code InProcessCluster} lives in kv-server's test jar, which
 * the runnable benchmark jar does not ship; this is the few lines of it a benchmark needs.
 */
final class LocalCluster implements AutoCloseable {
  private static final long LEADER_WAIT_MS = 30_000;

  private final List<KvServer> servers = new ArrayList<>();
  private final String peers;

  private LocalCluster(String peers) {
    this.peers = peers;
  }

  /** Starts {@code size} replicas with data under {@code root} and waits for a leader. */
  static LocalCluster start(Path root, int size) throws IOException, InterruptedException {
    StringJoiner peers = new StringJoiner(",");
    for (int i = 1; i <= size; i++) {
      peers.add("n" + i + "=127.0.0.1:" + freePort());
    }
    LocalCluster cluster = new LocalCluster(peers.toString());
    try {
      for (int i = 1; i <= size; i++) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("id", "n" + i);
        flags.put("data-dir", root.resolve("n" + i).toString());
        flags.put("peers", cluster.peers);
        java.nio.file.Files.createDirectories(root.resolve("n" + i));
        cluster.servers.add(KvServer.start(new ConfigLoader().flags(flags).load()));
      }
      cluster.awaitLeader();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitLeader() throws InterruptedException {
    long deadline = System.currentTimeMillis() + LEADER_WAIT_MS;
    while (servers.stream().noneMatch(KvServer::isLeader)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no leader elected within " + LEADER_WAIT_MS + " ms");
      }
      Thread.sleep(50);
    }
  }

  /** {@code id=127.0.0.1:port,...}, usable as client endpoints. */
  String peers() {
    return peers;
  }

  @Override
  public void close() {
    for (KvServer server : servers) {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    servers.clear();
  }
}
