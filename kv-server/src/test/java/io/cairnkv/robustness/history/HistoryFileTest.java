package io.cairnkv.robustness.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A history survives the trip to a JSON-lines file and back; malformed lines are reported by number. */
@Timeout(30)
class HistoryFileTest {
  @TempDir
  Path dir;

  private static final List<Operation> HISTORY = List.of(
      new Operation(1, Kind.READ, "reg/k0", List.of(), List.of(), 100, 200, Outcome.OK, null),
      new Operation(2, Kind.WRITE, "reg/k0", List.of("w2.1"), List.of(), 150, 250, Outcome.UNKNOWN,
          "DEADLINE_EXCEEDED"),
      new Operation(3, Kind.CAS, "reg/k0", List.of("a", "b"), List.of(), 160, 260, Outcome.FAIL, null),
      new Operation(4, Kind.READ, "odd \"key\"\\\n\t\u0001é", List.of(), List.of("v=1,2"), -5, Long.MAX_VALUE,
          Outcome.OK, null),
      new Operation(5, Kind.READ_ALL, "set/", List.of(), List.of("set/a=a", "set/b=b"), 300, 400, Outcome.OK, null),
      new Operation(6, Kind.TRANSFER, "bank/a0", List.of("bank/a0", "bank/a1", "3"), List.of(), 500, 600,
          Outcome.FAIL, "INVALID_ARGUMENT"),
      new Operation(7, Kind.APPEND, "set/c", List.of("c"), List.of(), 700, 800, Outcome.OK, null));

  @Test
  void roundTripsEveryKindAndOutcome() {
    Path file = dir.resolve("sub/history.jsonl");
    HistoryFile.write(file, HISTORY);
    assertThat(HistoryFile.read(file)).isEqualTo(HISTORY);
  }

  @Test
  void oneOperationPerLine() throws IOException {
    Path file = dir.resolve("history.jsonl");
    HistoryFile.write(file, HISTORY);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(HISTORY.size())
        .first().isEqualTo("{\"process\":1,\"kind\":\"READ\",\"key\":\"reg/k0\",\"input\":[],\"output\":[],"
            + "\"invoke\":100,\"complete\":200,\"outcome\":\"OK\",\"error\":null}");
  }

  @Test
  void skipsCommentsBlankLinesAndUnknownFields() throws IOException {
    Path file = dir.resolve("history.jsonl");
    Files.writeString(file, "# recorded by hand\n\n"
        + " { \"process\" : 9, \"kind\":\"WRITE\", \"key\":\"k\", \"input\":[\"v\"], \"output\":[], \"invoke\":1,"
        + " \"complete\":2, \"outcome\":\"OK\", \"error\":null, \"note\":\"later versions may add fields\" }\n");
    assertThat(HistoryFile.read(file)).containsExactly(
        new Operation(9, Kind.WRITE, "k", List.of("v"), List.of(), 1, 2, Outcome.OK, null));
  }

  @Test
  void namesTheLineOfAMalformedOperation() throws IOException {
    Path file = dir.resolve("history.jsonl");
    Files.writeString(file, OperationJson.encode(HISTORY.get(0)) + "\n{\"process\":1,\"kind\":\"READ\"}\n");
    assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2").hasMessageContaining("missing field \"key\"");
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> OperationJson.decode("{\"process\":1,")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column");
    assertThatThrownBy(() -> OperationJson.decode("{\"process\":\"x\\q\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown escape");
    assertThatThrownBy(() -> OperationJson.decode("{} trailing")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
  }
}
