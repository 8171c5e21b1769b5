package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberStatus;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.testing.ExportedMetrics;
import io.cairnkv.server.testing.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The admin HTTP endpoint of every member of an in-process cluster: probes, /status against the client's
 * view, /metrics content, error answers. One shared cluster for the read-mostly tests; tests that stop
 * members start their own.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminHttpIT {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Small snapshot threshold, so that snapshot metrics and /status fields have values. */
  private static final Map<String, String> SETTINGS = Map.of("snapshot.auto-trigger-entries", "10");

  private InProcessCluster cluster;
  private KvClient client;

  @BeforeAll
  void startCluster() {
    cluster = InProcessCluster.start(TestDirs.fresh("AdminHttpIT"), 3, SETTINGS);
    client = cluster.newClient();
  }

  @AfterAll
  void stopCluster() {
    cluster.close();
  }

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JACKSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  private static Reply get(InProcessCluster cluster, String id, String path) {
    return send(cluster, id, path, "GET", HttpRequest.BodyPublishers.noBody());
  }

  private static Reply send(InProcessCluster cluster, String id, String path, String method,
      HttpRequest.BodyPublisher body) {
    URI uri = cluster.adminUri(id).resolve(path);
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
          .method(method, body).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyMemberIsHealthyAndReadyOnceALeaderExists() {
    for (String id : cluster.ids()) {
      Reply health = get(cluster, id, "/health");
      assertThat(health.status()).as(id).isEqualTo(200);
      assertThat(health.json().get("status").asText()).isEqualTo("ok");
      Awaitility.await(id + " ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> get(cluster, id, "/ready").status() == 200);
      JsonNode ready = get(cluster, id, "/ready").json();
      assertThat(ready.get("status").asText()).isEqualTo("ready");
      assertThat(ready.get("leader").asText()).isEqualTo(cluster.awaitLeader());
    }
  }

  @Test
  void statusMatchesWhatTheClientSees() {
    for (int i = 0; i < 25; i++) {
      client.put("status/" + i, "v" + i);
    }
    for (Member member : client.members()) {
      Awaitility.await(member.id() + " /status agrees with KvClient.status").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            MemberStatus expected = client.status(member);
            JsonNode s = get(cluster, member.id(), "/status").json();
            assertThat(s.get("id").asText()).isEqualTo(expected.memberId());
            assertThat(s.get("role").asText()).isEqualTo(expected.role());
            assertThat(s.get("leader").asText()).isEqualTo(expected.leaderId());
            assertThat(s.get("term").asLong()).isEqualTo(expected.raftTerm());
            assertThat(s.get("commit_index").asLong()).isEqualTo(expected.commitIndex());
            assertThat(s.get("applied_index").asLong()).isEqualTo(expected.appliedIndex());
            assertThat(s.get("revision").asLong()).isEqualTo(expected.revision());
            assertThat(s.get("raft_address").asText()).isEqualTo(member.address());
            JsonNode snapshot = s.get("last_snapshot");
            assertThat(snapshot.get("index").asLong()).isPositive().isLessThanOrEqualTo(expected.appliedIndex());
          });
      Reply reply = get(cluster, member.id(), "/status");
      writeQuietly("AdminHttpIT-status-" + member.id() + ".json", reply.body());
      JsonNode s = reply.json();
      assertThat(s.get("admin_address").asText()).endsWith(":" + cluster.adminUri(member.id()).getPort());
      JsonNode log = s.get("raft_log");
      assertThat(log.get("end_index").asLong()).isGreaterThanOrEqualTo(s.get("commit_index").asLong());
      assertThat(log.get("start_index").asLong()).isLessThanOrEqualTo(log.get("end_index").asLong());
      assertThat(log.get("size_bytes").asLong()).isPositive();
      assertThat(s.get("last_snapshot").get("size_bytes").asLong()).isPositive();
      assertThat(s.get("rocksdb").get("size_bytes").asLong()).isPositive();
      assertThat(s.get("rocksdb").get("estimated_keys").asLong()).isPositive();
      assertThat(s.get("members")).hasSize(3);
    }
  }

  @Test
  void metricsExportEveryListedNameAndCountRequests() throws IOException {
    double putsBefore = onAllMembers("put");
    double readsBefore = onAllMembers("range");
    for (int i = 0; i < 12; i++) {
      client.put("metrics/" + i, "v");
      client.get("metrics/" + i);
    }
    System.gc(); // so that the GC pause metrics have a sample

    // Counted where served: writes on the leader, reads on the member that answered; summed over members
    // in case leadership moved meanwhile.
    assertThat(onAllMembers("put")).isGreaterThanOrEqualTo(putsBefore + 12);
    assertThat(onAllMembers("range")).isGreaterThanOrEqualTo(readsBefore + 12);

    // Ratis takes the automatic snapshot on its apply thread shortly after the threshold, and a new
    // leader learns its followers' match indexes with its first appends: wait for both.
    String[] scrape = new String[2];
    Awaitility.await("the leader's metrics").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          scrape[0] = cluster.awaitLeader();
          Reply r = get(cluster, scrape[0], "/metrics");
          scrape[1] = r.body();
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.raw().headers().firstValue("content-type"))
              .hasValue("text/plain; version=0.0.4; charset=utf-8");
          return PrometheusText.sum(r.body(), "cairnkv_snapshot_duration_seconds_count", Map.of()) > 0
              && PrometheusText.sum(r.body(), "ratis_log_appender_follower_match_index", Map.of()) > 0
              && PrometheusText.sum(r.body(), "cairnkv_raft_role", Map.of("role", "leader")) == 1;
        });
    String text = scrape[1];
    writeQuietly("AdminHttpIT-leader-metrics.txt", text);
    assertThat(PrometheusText.sum(text, "cairnkv_raft_role", Map.of("member", scrape[0]))).isEqualTo(1);
    assertThat(PrometheusText.sum(text, "cairnkv_apply_batch_size_commands_count", Map.of())).isPositive();

    Set<String> exported = PrometheusText.sampleNames(text);
    assertThat(exported).containsAll(ExportedMetrics.names());
    assertThat(exported).allSatisfy(name -> assertThat(name).matches("[a-z][a-z0-9_]*"));
  }

  /** Keeps a response under target/ for diagnosis. */
  private static void writeQuietly(String name, String content) {
    try {
      Files.writeString(Path.of("target", name), content);
    } catch (IOException e) {
      // diagnosis only
    }
  }

  private double onAllMembers(String op) {
    return cluster.runningIds().stream().mapToDouble(id -> PrometheusText.sum(get(cluster, id, "/metrics").body(),
        "cairnkv_requests_total", Map.of("op", op, "status", "ok"))).sum();
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() {
    String id = cluster.ids().get(0);
    Reply missing = get(cluster, id, "/debug/pprof");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).isEqualTo("not found");

    Reply post = send(cluster, id, "/status", "POST", HttpRequest.BodyPublishers.ofString("{}"));
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.raw().headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(send(cluster, id, "/ready", "DELETE", HttpRequest.BodyPublishers.noBody()).status()).isEqualTo(405);
  }

  @Test
  void aMemberWhoseGroupHasNoLeaderIsNotReadyButStillHealthy() {
    try (InProcessCluster small = InProcessCluster.start(TestDirs.fresh("AdminHttpIT-noleader"), 3,
        Map.of("cluster-name", "noleader"))) {
      String leader = small.awaitLeader();
      String survivor = small.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      int leaderAdminPort = small.adminUri(leader).getPort();
      for (String id : small.ids()) {
        if (!id.equals(survivor)) {
          small.stopNode(id);
        }
      }

      Awaitility.await(survivor + " not ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> get(small, survivor, "/ready").status() == 503);
      JsonNode ready = get(small, survivor, "/ready").json();
      assertThat(ready.get("status").asText()).isEqualTo("not_ready");
      assertThat(ready.get("reason").asText()).contains("no leader");
      assertThat(get(small, survivor, "/health").status()).isEqualTo(200);
      assertThat(get(small, survivor, "/status").json().get("leader").isNull()).isTrue();
      // A stopped member's endpoint is gone with it.
      HttpRequest toStopped = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + leaderAdminPort + "/health"))
          .build();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> HTTP.send(toStopped, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void adminPortMinusOneDisablesTheEndpoint() {
    try (InProcessCluster single = InProcessCluster.start(TestDirs.fresh("AdminHttpIT-disabled"), 1,
        Map.of("admin-port", "-1", "cluster-name", "disabled"))) {
      assertThat(single.node("n1").adminAddress()).isEmpty();
      assertThat(single.newClient().put("still", "serving").revision()).isPositive();
    }
  }
}
