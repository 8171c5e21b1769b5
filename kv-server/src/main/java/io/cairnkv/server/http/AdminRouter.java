package io.cairnkv.server.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request line of the admin endpoint to a reply: {@code GET} (or {@code HEAD}) of {@code /metrics},
 * {@code /health}, {@code /ready} or {@code /status}; 404 for any other path, 405 for any other method. The
 * query string is ignored. Stateless apart from its {@link AdminEndpoints}; thread-safe.
 */
public final class AdminRouter {
  private static final Logger LOG = LoggerFactory.getLogger(AdminRouter.class);
  static final String ALLOWED_METHODS = "GET, HEAD";

  private final AdminEndpoints endpoints;

  /** A router over {@code endpoints}. */
  public AdminRouter(AdminEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * Answers one request.
   *
   * @param method the HTTP method, e.g. {@code GET}
   * @param path the request path without query string, e.g. {@code /ready}
   */
  public AdminReply route(String method, String path) {
    Route route = Route.of(path);
    if (route == null) {
      return AdminReply.error(404, "not found", Map.of("path", path,
          "endpoints", java.util.List.of("/metrics", "/health", "/ready", "/status")));
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      AdminReply r = AdminReply.error(405, "method not allowed", Map.of("method", method, "allow", ALLOWED_METHODS));
      return new AdminReply(r.status(), r.contentType(), r.body(), ALLOWED_METHODS);
    }
    try {
      switch (route) {
        case METRICS:
          return new AdminReply(200, endpoints.metricsContentType(),
              endpoints.metrics().getBytes(StandardCharsets.UTF_8), null);
        case HEALTH:
          return probe(endpoints.health(), "ok", "unhealthy");
        case READY:
          return probe(endpoints.readiness(), "ready", "not_ready");
        case STATUS:
          return status();
        default:
          throw new AssertionError(route);
      }
    } catch (RuntimeException e) {
      LOG.warn("Admin request {} {} failed", method, path, e);
      return AdminReply.error(500, "internal error: " + e, Map.of());
    }
  }

  private AdminReply status() {
    try {
      return AdminReply.json(200, endpoints.status());
    } catch (IllegalStateException e) {
      return AdminReply.error(503, e.getMessage(), Map.of());
    }
  }

  private static AdminReply probe(Probe probe, String okStatus, String failStatus) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", probe.ok() ? okStatus : failStatus);
    if (!probe.ok()) {
      body.put("reason", probe.reason());
    }
    body.putAll(probe.details());
    return AdminReply.json(probe.ok() ? 200 : 503, body);
  }

  private enum Route {
    METRICS("/metrics"), HEALTH("/health"), READY("/ready"), STATUS("/status");

    private final String path;

    Route(String path) {
      this.path = path;
    }

    static Route of(String path) {
      for (Route r : values()) {
        if (r.path.equals(path)) {
          return r;
        }
      }
      return null;
    }
  }
}
