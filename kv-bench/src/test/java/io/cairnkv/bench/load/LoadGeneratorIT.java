package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** kv-bench end to end, as a user runs it, against a 3-replica in-process cluster. */
@Timeout(120)
class LoadGeneratorIT {
  private static InProcessCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.start(TestDirs.fresh("LoadGeneratorIT"), 3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void closedLoopMixedWorkloadCompletesWithoutErrorsAndWritesJson() throws Exception {
    Path json = Path.of("target", "test-data", "LoadGeneratorIT-result.json").toAbsolutePath();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LoadGenerator.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("--endpoints", cluster.peers(), "--keys", "2000", "--preload", "--value-size", "100",
        "--mix", "put=40,get=30,sget=20,txn=10", "--inflight", "8", "--warmup", "1s", "--duration", "5s",
        "--json", json.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).contains("ops/s").contains("cairnkv");
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertThat(result.get("system").asText()).isEqualTo("cairnkv");
    assertThat(result.get("workload").asText()).isEqualTo("put=40,get=30,sget=20,txn=10");
    assertThat(result.get("inflight").asInt()).isEqualTo(8);
    assertThat(result.get("ops").asLong()).isPositive();
    assertThat(result.get("ops_per_sec").asDouble()).isPositive();
    assertThat(result.get("errors").asLong()).isZero();
    assertThat(result.get("p50_ms").asDouble()).isPositive();
    assertThat(result.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(result.get("p50_ms").asDouble());
    assertThat(result.get("duration_s").asDouble()).isBetween(5.0, 30.0);

    // The preload wrote the whole key space.
    KvClient client = cluster.newClient();
    assertThat(client.get(new KeySpace(2000).key(1999)).kvs()).hasSize(1);
  }

  @Test
  void unreachableClusterFailsFastWithExitCodeOne() {
    StringWriter err = new StringWriter();
    CommandLine cli = LoadGenerator.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int exit = cli.execute("--endpoints", "127.0.0.1:1", "--request-timeout", "1s", "--duration", "1s");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach cairnkv at 127.0.0.1:1");
  }
}
