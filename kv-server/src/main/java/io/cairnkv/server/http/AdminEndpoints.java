package io.cairnkv.server.http;

import java.util.Map;

/**
 * What the admin HTTP endpoint serves; implemented by the server, so that this package knows nothing of
 * Raft or the store. Methods are called on the endpoint's worker threads, concurrently: implementations
 * must be thread-safe, and may block briefly (disk and store reads), never on the network.
 */
public interface AdminEndpoints {
  /** {@code /health}: whether the process works (Raft running, store readable). */
  Probe health();

  /** {@code /ready}: whether the member should receive traffic (leader known, caught up). */
  Probe readiness();

  /**
   * {@code /status}: the member's state as a JSON object (see {@link Json} for the value types).
   *
   * @throws IllegalStateException when the member cannot report its state (e.g. Raft is not running)
   */
  Map<String, Object> status();

  /** {@code /metrics}: every metric in the Prometheus text format. */
  String metrics();

  /** Content type of {@link #metrics()}. */
  String metricsContentType();
}
