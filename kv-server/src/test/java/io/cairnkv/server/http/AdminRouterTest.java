package io.cairnkv.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AdminRouterTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private final FakeEndpoints endpoints = new FakeEndpoints();
  private final AdminRouter router = new AdminRouter(endpoints);

  private static JsonNode json(AdminReply reply) throws Exception {
    assertThat(reply.contentType()).isEqualTo("application/json; charset=utf-8");
    return JACKSON.readTree(reply.body());
  }

  @Test
  void probesAnswer200WhenTheyPassAnd503WithTheReasonWhenNot() throws Exception {
    assertThat(json(router.route("GET", "/health")).get("status").asText()).isEqualTo("ok");
    assertThat(router.route("GET", "/ready").status()).isEqualTo(200);

    endpoints.readiness = Probe.fail("no leader known", Map.of("role", "CANDIDATE"));
    AdminReply ready = router.route("GET", "/ready");
    assertThat(ready.status()).isEqualTo(503);
    JsonNode body = json(ready);
    assertThat(body.get("status").asText()).isEqualTo("not_ready");
    assertThat(body.get("reason").asText()).isEqualTo("no leader known");
    assertThat(body.get("role").asText()).isEqualTo("CANDIDATE");

    endpoints.health = Probe.fail("store read failed: disk", Map.of());
    AdminReply health = router.route("GET", "/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(json(health).get("reason").asText()).contains("disk");
  }

  @Test
  void metricsAreServedAsPrometheusText() {
    AdminReply reply = router.route("GET", "/metrics");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(reply.bodyText()).isEqualTo(endpoints.metrics);
  }

  @Test
  void statusIs503WhenTheMemberCannotReportAnd500OnABug() throws Exception {
    assertThat(json(router.route("GET", "/status")).get("id").asText()).isEqualTo("n1");
    endpoints.statusFailure = new IllegalStateException("raft group is not running");
    AdminReply down = router.route("GET", "/status");
    assertThat(down.status()).isEqualTo(503);
    assertThat(json(down).get("error").asText()).isEqualTo("raft group is not running");
    endpoints.statusFailure = new NullPointerException("bug");
    assertThat(router.route("GET", "/status").status()).isEqualTo(500);
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    AdminReply missing = router.route("GET", "/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(json(missing).get("path").asText()).isEqualTo("/nope");
    assertThat(router.route("POST", "/nope").status()).isEqualTo(404);
    assertThat(router.route("GET", "/metrics/").status()).isEqualTo(404);

    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
      AdminReply reply = router.route(method, "/health");
      assertThat(reply.status()).as(method).isEqualTo(405);
      assertThat(reply.allow()).isEqualTo("GET, HEAD");
    }
    assertThat(router.route("HEAD", "/health").status()).isEqualTo(200);
  }
}
