package io.cairnkv.server.cluster.net;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The network between members of a process cluster: one {@link PeerProxy} per member, all sharing one
 * {@link Links} table, so the harness can cut and heal any directed link between members. Thread-safe.
 */
public final class ProxyNetwork implements AutoCloseable {
  private final Links links = new Links();
  private final Supplier<Map<Long, String>> memberPids;
  private final Map<String, PeerProxy> proxies = new ConcurrentHashMap<>();

  /**
   * @param memberPids the live member processes now, pid to member id
   * @throws IllegalStateException if this system cannot attribute connections to processes (not Linux)
   */
  public ProxyNetwork(Supplier<Map<Long, String>> memberPids) {
    unsupportedReason().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    this.memberPids = memberPids;
  }

  /** Why proxies cannot cut links on this system, or empty if they can. */
  public static Optional<String> unsupportedReason() {
    return PeerProxy.supported() ? Optional.empty() : Optional.of("partitions need Linux /proc/net/tcp and "
        + "/proc/<pid>/fd to tell which member opened a connection; this system lacks them");
  }

  /** Puts a proxy for member {@code id} on {@code advertisedPort}, forwarding to {@code listenPort}. */
  public void add(String id, int advertisedPort, int listenPort) {
    proxies.computeIfAbsent(id, k -> new PeerProxy(id, advertisedPort, listenPort, links, memberPids));
  }

  /** Closes member {@code id}'s proxy, if any. */
  public void remove(String id) {
    PeerProxy proxy = proxies.remove(id);
    if (proxy != null) {
      proxy.close();
    }
  }

  /** The cut links. */
  public Links links() {
    return links;
  }

  /** Connections member {@code from} opened to member {@code to} through its proxy so far. */
  public long connections(String from, String to) {
    PeerProxy proxy = proxies.get(to);
    return proxy == null ? 0 : proxy.connectionsFrom(from);
  }

  /** Heals every link, so no proxy thread stays held, and closes every proxy. */
  @Override
  public void close() {
    proxies.values().forEach(PeerProxy::close);
    proxies.clear();
    links.healAll();
  }
}
