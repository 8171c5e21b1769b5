package io.cairnkv.server.http;

import java.util.Map;

/** Endpoints whose answers the test sets. */
final class FakeEndpoints implements AdminEndpoints {
  volatile Probe health = Probe.pass(Map.of("id", "n1"));
  volatile Probe readiness = Probe.pass(Map.of("id", "n1"));
  volatile RuntimeException statusFailure;
  volatile String metrics = "# TYPE x gauge\nx 1.0\n";

  @Override
  public Probe health() {
    return health;
  }

  @Override
  public Probe readiness() {
    return readiness;
  }

  @Override
  public Map<String, Object> status() {
    if (statusFailure != null) {
      throw statusFailure;
    }
    return Map.of("id", "n1");
  }

  @Override
  public String metrics() {
    return metrics;
  }

  @Override
  public String metricsContentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }
}
