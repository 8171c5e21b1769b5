package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** Option parsing and validation; every case fails before any connection is made. */
@Timeout(10)
class LoadGeneratorOptionsTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = LoadGenerator.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private static LoadSpec parse(String... args) {
    CommandLine cli = LoadGenerator.commandLine();
    cli.parseArgs(args);
    return ((LoadGenerator) cli.getCommand()).spec();
  }

  @Test
  void defaultsDescribeAClosedLoopOfPuts() {
    LoadSpec spec = parse("--endpoints", "127.0.0.1:7001");
    assertThat(spec.openLoop()).isFalse();
    assertThat(spec.inflight()).isEqualTo(16);
    assertThat(spec.keyCount()).isEqualTo(100_000);
    assertThat(spec.valueSize()).isEqualTo(256);
    assertThat(spec.workloadName()).isEqualTo("put=100");
    assertThat(spec.warmup()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(spec.keyChooser().describe()).isEqualTo("uniform");
    assertThat(spec.json()).isNull();
  }

  @Test
  void everyOptionIsParsed() {
    LoadSpec spec = parse("--endpoints", "a:1,b:2", "--keys", "500", "--key-distribution", "zipfian",
        "--zipf-theta", "0.8", "--value-size", "1024", "--mix", "put=20,get=20,sget=50,txn=10", "--inflight", "64",
        "--rate", "2500", "--clients", "4", "--preload", "--warmup", "500ms", "--duration", "1.5m",
        "--request-timeout", "3s", "--seed", "9", "--json", "out.json", "--label", "mixed");
    assertThat(spec.endpoints()).isEqualTo("a:1,b:2");
    assertThat(spec.keyChooser().describe()).isEqualTo("zipfian(0.8)");
    assertThat(spec.mix().percent(OpType.SGET)).isEqualTo(50);
    assertThat(spec.openLoop()).isTrue();
    assertThat(spec.rate()).isEqualTo(2500);
    assertThat(spec.clients()).isEqualTo(4);
    assertThat(spec.preload()).isTrue();
    assertThat(spec.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(spec.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(spec.json()).hasToString("out.json");
    assertThat(spec.workloadName()).isEqualTo("mixed");
  }

  @Test
  void invalidValuesExitWithUsageErrorNamingTheOption() {
    String[][] cases = {
        {"--inflight", "0"},
        {"--keys", "0"},
        {"--value-size", "-1"},
        {"--zipf-theta", "1.5"},
        {"--rate", "-10"},
        {"--clients", "0"},
        {"--duration", "0s"},
        {"--duration", "2h"},
        {"--warmup", "-1s"},
        {"--request-timeout", "0ms"},
        {"--system", "etcd"},
    };
    for (String[] c : cases) {
      err.getBuffer().setLength(0);
      assertThat(run("--endpoints", "127.0.0.1:1", c[0], c[1])).as(String.join(" ", c)).isEqualTo(2);
      assertThat(err.toString()).as(String.join(" ", c)).contains(c[0]);
    }
  }

  @Test
  void badMixAndUnparsableValuesAreUsageErrors() {
    assertThat(run("--endpoints", "127.0.0.1:1", "--mix", "put=70")).isEqualTo(2);
    assertThat(err.toString()).contains("--mix").contains("add up to 70");
    err.getBuffer().setLength(0);
    assertThat(run("--duration", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
    err.getBuffer().setLength(0);
    assertThat(run("--key-distribution", "gaussian")).isEqualTo(2);
    assertThat(err.toString()).contains("--key-distribution");
    err.getBuffer().setLength(0);
    assertThat(run("--no-such-option")).isEqualTo(2);
  }

  @Test
  void malformedEndpointsAreAUsageError() {
    assertThat(run("--endpoints", "not an endpoint", "--duration", "1s", "--warmup", "0s")).isEqualTo(2);
    assertThat(err.toString()).contains("--endpoints");
  }
}
