package io.cairnkv.server.cluster.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A TCP proxy in front of one member: peers dial the member's advertised port, which is this proxy, and
 * it forwards to the port the member really listens on. Each accepted connection is attributed to the
 * member that opened it ({@link SocketOwners}); while {@link Links} says that link is cut its bytes stop
 * flowing both ways and the connection is held open, silently, as a network partition does; a new
 * connection on a cut link is accepted but not forwarded. When the link heals the held bytes flow on.
 * Connections from anything but a member (the test's clients) always flow. Threads: one acceptor and
 * two per connection, all daemons; {@link #close()} ends them.
 */
public final class PeerProxy implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;

  private final String target;
  private final int targetPort;
  private final Links links;
  private final Supplier<Map<Long, String>> memberPids;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> connectionsFrom = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Listens on loopback {@code port} (0: any free port) and forwards to loopback {@code targetPort}, the real port of member
   * {@code target}.
   *
   * @param memberPids the live member processes now, pid to member id
   * @throws UncheckedIOException if the port cannot be bound
   */
  public PeerProxy(String target, int port, int targetPort, Links links, Supplier<Map<Long, String>> memberPids) {
    this.target = target;
    this.targetPort = targetPort;
    this.links = links;
    this.memberPids = memberPids;
    try {
      listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("proxy for " + target + " cannot listen on " + port, e);
    }
    Thread acceptor = new Thread(this::accept, "proxy-" + target);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port this proxy listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Whether this system lets a proxy tell which process dialled it (Linux {@code /proc}). */
  public static boolean supported() {
    return SocketOwners.supported();
  }

  /** Connections accepted so far from member {@code source} (any direction of cut or not). */
  public long connectionsFrom(String source) {
    AtomicLong n = connectionsFrom.get(source);
    return n == null ? 0 : n.get();
  }

  private void accept() {
    while (!closed) {
      Socket downstream;
      try {
        downstream = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(downstream);
      Optional<String> source = sourceOf(downstream);
      source.ifPresent(s -> connectionsFrom.computeIfAbsent(s, k -> new AtomicLong()).incrementAndGet());
      Thread t = new Thread(() -> connect(downstream, source.orElse(null)),
          "proxy-" + source.orElse("client") + "-" + target);
      t.setDaemon(true);
      t.start();
    }
  }

  private Optional<String> sourceOf(Socket downstream) {
    Map<Long, String> pids = memberPids.get();
    OptionalLong pid = SocketOwners.ownerOf(downstream.getPort(), downstream.getLocalPort(), pids.keySet());
    return pid.isPresent() ? Optional.ofNullable(pids.get(pid.getAsLong())) : Optional.empty();
  }

  /** Opens the upstream connection once the link is open, then pumps both ways. */
  private void connect(Socket downstream, String source) {
    Socket upstream = new Socket();
    sockets.add(upstream);
    try {
      awaitOpen(source);
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
      Thread back = new Thread(() -> pump(upstream, downstream, source), Thread.currentThread().getName() + "-back");
      back.setDaemon(true);
      back.start();
      pump(downstream, upstream, source);
    } catch (IOException | InterruptedException e) {
      closeQuietly(downstream);
      closeQuietly(upstream);
    }
  }

  private void pump(Socket from, Socket to, String source) {
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      while (true) {
        awaitOpen(source);
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        awaitOpen(source); // bytes read just before a cut are held, as if in flight
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the other side closed, or the proxy did
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitOpen(String source) throws InterruptedException {
    if (source != null) {
      links.awaitOpen(source, target);
    }
    if (closed) {
      throw new InterruptedException("proxy closed");
    }
  }

  private void closeQuietly(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Stops listening and closes every connection. Threads held by a cut link end when it heals. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    sockets.forEach(this::closeQuietly);
  }
}
