package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ResultFormatsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static RunResult sample() {
    return new RunResult("cairnkv", "put=50,get=50", "closed", 16, 0, 1000, "uniform", 256, 12345,
        617.25, 1.2345678, 2.5, 9.75, 20.125, 31.5, 2, 0, 20.0001);
  }

  @Test
  void jsonHasEveryDocumentedFieldWithItsValue() throws Exception {
    JsonNode json = MAPPER.readTree(ResultFormats.json(sample()));
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names).contains("system", "workload", "inflight", "ops_per_sec", "p50_ms", "p90_ms", "p99_ms",
        "p999_ms", "max_ms", "errors", "duration_s");
    assertThat(json.get("system").asText()).isEqualTo("cairnkv");
    assertThat(json.get("workload").asText()).isEqualTo("put=50,get=50");
    assertThat(json.get("inflight").asInt()).isEqualTo(16);
    assertThat(json.get("ops_per_sec").asDouble()).isEqualTo(617.25);
    assertThat(json.get("p50_ms").asDouble()).isEqualTo(1.235);
    assertThat(json.get("p90_ms").asDouble()).isEqualTo(2.5);
    assertThat(json.get("p99_ms").asDouble()).isEqualTo(9.75);
    assertThat(json.get("p999_ms").asDouble()).isEqualTo(20.125);
    assertThat(json.get("max_ms").asDouble()).isEqualTo(31.5);
    assertThat(json.get("errors").asLong()).isEqualTo(2);
    assertThat(json.get("duration_s").asDouble()).isEqualTo(20.0);
    assertThat(json.get("mode").asText()).isEqualTo("closed");
    assertThat(json.get("ops").asLong()).isEqualTo(12345);
  }

  @Test
  void nonFiniteNumbersNeverReachTheJson() throws Exception {
    RunResult broken = new RunResult("cairnkv", "put=100", "open", 1, 1e7, 1, "uniform", 0, 0,
        Double.NaN, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 0, 0);
    JsonNode json = MAPPER.readTree(ResultFormats.json(broken));
    assertThat(json.get("ops_per_sec").asDouble()).isZero();
    assertThat(json.get("p50_ms").asDouble()).isZero();
    assertThat(json.get("target_rate").asDouble()).isEqualTo(1e7);
  }

  @Test
  void jsonFileIsWrittenAndParses(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("results/run.json");
    ResultFormats.writeJson(file, sample());
    assertThat(MAPPER.readTree(file.toFile()).get("ops_per_sec").asDouble()).isEqualTo(617.25);
  }

  @Test
  void resultOfAPhaseConvertsNanosToMilliseconds() {
    Histogram h = new Histogram(1, LatencyStats.MAX_TRACKABLE_NANOS, 3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1_000_000L); // 1..1000 ms
    }
    LoadSpec spec = new LoadSpec("cairnkv", "127.0.0.1:1", 10, KeyChooser.Distribution.UNIFORM, 0.99, 8,
        OperationMix.parse("put=100"), 4, 0, 1, false, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1), 1,
        null, null);
    RunResult r = RunResult.of(spec, "cairnkv", h, 3, new LoadLoop.Outcome(1003, 0, 0, 2_000_000_000L));
    assertThat(r.ops()).isEqualTo(1000);
    assertThat(r.opsPerSec()).isEqualTo(500);
    assertThat(r.p50Ms()).isBetween(499.0, 501.0);
    assertThat(r.p99Ms()).isBetween(989.0, 991.0);
    assertThat(r.maxMs()).isBetween(999.0, 1001.0);
    assertThat(r.errors()).isEqualTo(3);
    assertThat(r.durationS()).isEqualTo(2.0);
  }

  @Test
  void tableShowsThroughputPercentilesAndErrors() {
    String table = ResultFormats.table(sample());
    assertThat(table).contains("ops/s", "p50 ms", "p99.9 ms", "errors")
        .contains("617").contains("1.235").contains("20.125").contains("12345 ops in 20.0 s");
    RunResult unsent = new RunResult("cairnkv", "put=100", "open", 4, 5000, 10, "uniform", 8, 10, 1, 1, 1, 1, 1, 1,
        0, 42, 1);
    assertThat(ResultFormats.table(unsent)).contains("target 5000 ops/s").contains("42 requests due were never sent");
  }
}
