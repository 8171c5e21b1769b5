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

  private static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
