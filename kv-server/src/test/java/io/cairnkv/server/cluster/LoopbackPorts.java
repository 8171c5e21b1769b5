package io.cairnkv.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Member ids mapped to free loopback ports, and the {@code --peers} string for them. */
final class LoopbackPorts {
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  /** Members n1..n{@code size}, each on a port that is free right now. */
  LoopbackPorts(int size) {
    for (int i = 1; i <= size; i++) {
      add("n" + i);
    }
  }

  /** Adds member {@code id} on a free port. */
  int add(String id) {
    int port = free();
    ports.put(id, port);
    return port;
  }

  void remove(String id) {
    ports.remove(id);
  }

  boolean contains(String id) {
    return ports.containsKey(id);
  }

  int port(String id) {
    return ports.get(id);
  }

  Iterable<String> ids() {
    return ports.keySet();
  }

  /** {@code id=127.0.0.1:port,...}. */
  String peers() {
    return ports.entrySet().stream().map(e -> e.getKey() + "=127.0.0.1:" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /**
   * A free port below Linux's ephemeral range (32768+): a port the kernel hands out for outgoing
   * connections can be taken by a client between this check and the server's bind, which happened.
   * Ports already given out in this JVM are not reused.
   */
  private static int free() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 15_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(17_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException inUse) {
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free loopback port found in 200 attempts"));
  }

  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
