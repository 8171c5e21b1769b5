package io.cairnkv.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.bench.load.LoadSpec;
import io.cairnkv.bench.load.OpType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** compare-run's options become one validated load spec per cell; nothing connects. */
@Timeout(10)
class CompareRunnerOptionsTest {
  private static CompareRunner parse(String... args) {
    CommandLine cli = new CommandLine(new CompareRunner());
    cli.parseArgs(args);
    return cli.getCommand();
  }

  @Test
  void defaultsAreTheIssuesMatrix() {
    CompareRunner runner = parse("--system", "etcd", "--endpoints", "127.0.0.1:2379", "--out", "x.tsv");
    List<LoadSpec> cells = runner.cells();
    assertThat(cells).hasSize(16);
    assertThat(cells).extracting(LoadSpec::workloadName).containsExactly(
        "put", "put", "put", "put", "get-linearizable", "get-linearizable", "get-linearizable", "get-linearizable",
        "get-serializable", "get-serializable", "get-serializable", "get-serializable", "mix", "mix", "mix", "mix");
    assertThat(cells).extracting(LoadSpec::inflight).containsExactly(1, 16, 64, 256, 1, 16, 64, 256, 1, 16, 64,
        256, 1, 16, 64, 256);
    assertThat(cells).allSatisfy(c -> {
      assertThat(c.keyCount()).isEqualTo(100_000);
      assertThat(c.valueSize()).isEqualTo(100);
      assertThat(c.openLoop()).isFalse();
      assertThat(c.warmup()).isEqualTo(Duration.ofSeconds(3));
      assertThat(c.duration()).isEqualTo(Duration.ofSeconds(6));
    });
    // The system warm-up preloads, then runs a 50/50 mix at 64 in flight for 15 s before the first cell.
    assertThat(cells).noneMatch(LoadSpec::preload);
    LoadSpec warm = runner.warmUp().orElseThrow();
    assertThat(warm.preload()).isTrue();
    assertThat(warm.inflight()).isEqualTo(64);
    assertThat(warm.duration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(warm.mix().percent(OpType.PUT)).isEqualTo(50);
    assertThat(cells.get(12).mix().percent(OpType.PUT)).isEqualTo(50);
    assertThat(cells.get(12).mix().percent(OpType.GET)).isEqualTo(50);
    assertThat(cells.get(8).mix().percent(OpType.SGET)).isEqualTo(100);
    assertThat(runner.resultName()).isEqualTo("etcd");
  }

  @Test
  void listsDurationsNameAndPreloadAreParsed() {
    CompareRunner runner = parse("--system", "cairnkv", "--name", "cairn", "--endpoints", "a:1", "--out", "x.tsv",
        "--workloads", "mix,put", "--inflight", "64,256", "--warmup", "500ms", "--duration", "2s", "--keys", "10",
        "--no-preload", "--system-warmup", "0");
    List<LoadSpec> cells = runner.cells();
    assertThat(cells).extracting(LoadSpec::workloadName).containsExactly("mix", "mix", "put", "put");
    assertThat(cells).extracting(LoadSpec::inflight).containsExactly(64, 256, 64, 256);
    assertThat(cells).noneMatch(LoadSpec::preload);
    assertThat(runner.warmUp()).isEmpty();
    assertThat(cells.get(0).warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(cells.get(0).keyCount()).isEqualTo(10);
    assertThat(runner.resultName()).isEqualTo("cairn");
  }

  @Test
  void withoutASystemWarmUpTheFirstCellPreloads() {
    List<LoadSpec> cells = parse("--system", "etcd", "--endpoints", "a:1", "--out", "x", "--system-warmup", "0s")
        .cells();
    assertThat(cells.get(0).preload()).isTrue();
    assertThat(cells).extracting(LoadSpec::preload).containsOnlyOnce(true);
  }

  @Test
  void anUnknownWorkloadOrBadInflightFailsAsAUsageError() {
    assertThatThrownBy(() -> parse("--system", "etcd", "--endpoints", "a:1", "--out", "x", "--workloads", "scan")
        .cells()).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("unknown workload 'scan'").hasMessageContaining("get-serializable");
    StringWriter err = new StringWriter();
    CommandLine cli = CompareReport.withErrorHandling(new CommandLine(new CompareRunner()));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("--system", "etcd", "--endpoints", "a:1", "--out", "x", "--inflight", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--inflight must be 1..");
  }

  @Test
  void anUnknownSystemNamesTheDriversOnTheClassPath() {
    assertThatThrownBy(() -> io.cairnkv.bench.load.WorkloadDriver.forSystem("nosuch"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cairnkv");
  }
}
