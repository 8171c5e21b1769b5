package io.cairnkv.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's cell lines, side-by-side table and JSON, without starting any system. */
@Timeout(10)
class CompareReportTest {
  private static final CompareCell CAIRN_PUT_64 = new CompareCell("cairn", "put", 64, 20_000, 2.5, 9.0, 0);
  private static final CompareCell ETCD_PUT_64 = new CompareCell("etcd", "put", 64, 8_000, 7.0, 18.0, 0);
  private static final CompareCell RHEA_PUT_64 = new CompareCell("rheakv", "put", 64, 10_000, 5.0, 12.0, 3);
  private static final CompareCell CAIRN_GET_1 = new CompareCell("cairn", "get-linearizable", 1, 1234.5678, 0.75, 1.5, 0);

  @Test
  void aCellSurvivesItsLine() {
    assertThat(CompareCell.parse(CAIRN_GET_1.toLine()))
        .isEqualTo(new CompareCell("cairn", "get-linearizable", 1, 1234.568, 0.75, 1.5, 0));
    assertThat(CompareCell.parse(RHEA_PUT_64.toLine())).isEqualTo(RHEA_PUT_64);
  }

  @Test
  void aMalformedLineIsRejectedWithTheLine() {
    assertThatThrownBy(() -> CompareCell.parse("cairn\tput\t64")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7 tab-separated fields, got 3");
    assertThatThrownBy(() -> CompareCell.parse("cairn\tput\tmany\t1\t1\t1\t0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad number");
  }

  @Test
  void jsonHasExactlyTheSixFieldsPerCell() throws Exception {
    JsonNode list = new ObjectMapper().readTree(CompareReport.json(List.of(CAIRN_PUT_64, RHEA_PUT_64, CAIRN_GET_1)));
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(3);
    for (JsonNode cell : list) {
      List<String> fields = new ArrayList<>();
      for (Iterator<String> it = cell.fieldNames(); it.hasNext();) {
        fields.add(it.next());
      }
      assertThat(fields).containsExactly("system", "workload", "inflight", "ops_per_sec", "p50_ms", "p99_ms");
    }
    JsonNode rhea = list.get(1);
    assertThat(rhea.get("system").asText()).isEqualTo("rheakv");
    assertThat(rhea.get("workload").asText()).isEqualTo("put");
    assertThat(rhea.get("inflight").isInt()).isTrue();
    assertThat(rhea.get("inflight").asInt()).isEqualTo(64);
    assertThat(rhea.get("ops_per_sec").asDouble()).isEqualTo(10_000);
    assertThat(list.get(2).get("ops_per_sec").asDouble()).isEqualTo(1234.568);
    assertThat(list.get(2).get("p99_ms").asDouble()).isEqualTo(1.5);
  }

  @Test
  void tableRowsJoinSystemsAndShowTheFirstSystemsRatios() {
    String table = CompareReport.table(List.of(CAIRN_PUT_64, CAIRN_GET_1, ETCD_PUT_64, RHEA_PUT_64));
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).containsSubsequence("workload", "inflight", "cairn", "etcd", "rheakv", "cairn/etcd",
        "cairn/rheakv");
    String put = lines.get(1);
    assertThat(put).startsWith("put").containsSubsequence("20000", "2.50", "9.00", "8000", "7.00", "18.00", "10000",
        "2.50x", "0.50x", "2.00x", "0.75x");
    String get = lines.get(2);
    assertThat(get).startsWith("get-linearizable").contains("1235").contains("-");
    assertThat(get.split("\\|")[2].strip()).isEqualTo("-        -        -");
    assertThat(lines).contains("WARNING: rheakv put at 64 in flight had 3 failed requests");
  }

  @Test
  void readsEveryNonBlankLineOfAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cells.tsv");
    Files.writeString(file, CAIRN_PUT_64.toLine() + "\n\n" + CAIRN_GET_1.toLine() + "\n", StandardCharsets.UTF_8);
    assertThat(CompareReport.read(file)).hasSize(2).first().isEqualTo(CAIRN_PUT_64);
  }
}
