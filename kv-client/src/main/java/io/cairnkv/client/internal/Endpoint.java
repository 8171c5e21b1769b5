package io.cairnkv.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of an endpoint list: {@code host:port}, optionally prefixed by a member id ({@code id=host:port},
 * the format of the servers' {@code --peers}).
 *
 * @param id the member id, if given
 * @param host host name or IP literal (IPv6 in brackets)
 * @param port TCP port
 */
public record Endpoint(Optional<String> id, String host, int port) {
  /** {@code host:port}. */
  public String address() {
    return host + ":" + port;
  }

  /** Parses a comma-separated list; throws IllegalArgumentException naming the bad entry. */
  public static List<Endpoint> parseList(String list) {
    List<Endpoint> out = new ArrayList<>();
    for (String entry : list.split(",")) {
      if (!entry.isBlank()) {
        out.add(parse(entry.trim()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("endpoint list is empty; expected host:port[,host:port...]");
    }
    return out;
  }

  /** Parses {@code [id=]host:port}. */
  public static Endpoint parse(String entry) {
    String rest = entry;
    Optional<String> id = Optional.empty();
    int eq = entry.indexOf('=');
    if (eq >= 0) {
      String name = entry.substring(0, eq).trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("endpoint '" + entry + "': empty member id before '='");
      }
      id = Optional.of(name);
      rest = entry.substring(eq + 1).trim();
    }
    int colon = rest.lastIndexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      throw new IllegalArgumentException("endpoint '" + entry + "': expected [id=]host:port");
    }
    String host = rest.substring(0, colon);
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    if (!bracketed && (host.indexOf(':') >= 0 || host.startsWith("[") || host.endsWith("]"))) {
      // Without brackets "::1:7001" is ambiguous: host ::1 and port 7001, or host ::1:7001 and no port.
      throw new IllegalArgumentException("endpoint '" + entry + "': write an IPv6 address in brackets, as [::1]:7001");
    }
    int port;
    try {
      port = Integer.parseInt(rest.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint '" + entry + "': port is not a number", e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("endpoint '" + entry + "': port " + port + " is outside 1..65535");
    }
    return new Endpoint(id, host, port);
  }
}
