package io.cairnkv.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** kvctl's commands end to end against an in-process cluster, output and exit codes included. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KvctlIT {
  private static InProcessCluster cluster;

  @BeforeAll
  static void start() {
    cluster = InProcessCluster.start(TestDirs.fresh("KvctlIT"), 3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private record Result(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private static Result kvctl(String stdin, String... args) {
    CommandLine cli = Kvctl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    if (stdin != null) {
      CommandLine txn = cli.getSubcommands().get("txn");
      ((TxnCommand) txn.getCommand()).input = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    }
    List<String> all = new ArrayList<>(List.of("--endpoints", cluster.peers()));
    all.addAll(List.of(args));
    int code = Kvctl.run(cli, all.toArray(new String[0]));
    return new Result(code, out.toString().strip(), err.toString().strip());
  }

  @Test
  void putGetDelete() {
    assertThat(kvctl(null, "put", "ctl/a", "1").out()).isEqualTo("OK");
    kvctl(null, "put", "ctl/b", "2");
    assertThat(kvctl(null, "get", "ctl/a").lines()).containsExactly("ctl/a", "1");
    assertThat(kvctl(null, "get", "ctl/", "--prefix").lines()).containsExactly("ctl/a", "1", "ctl/b", "2");
    assertThat(kvctl(null, "get", "ctl/", "--prefix", "--keys-only").lines()).containsExactly("ctl/a", "ctl/b");
    assertThat(kvctl(null, "get", "ctl/", "--prefix", "--count-only").out()).isEqualTo("2");
    assertThat(kvctl(null, "get", "ctl/", "--prefix", "--limit", "1", "--reverse").lines())
        .containsExactly("ctl/b", "2");
    assertThat(kvctl(null, "get", "ctl/a", "--range", "ctl/b").lines()).containsExactly("ctl/a", "1");
    assertThat(kvctl(null, "get", "ctl/a", "--consistency", "s").lines()).containsExactly("ctl/a", "1");
    assertThat(kvctl(null, "del", "ctl/", "--prefix").out()).isEqualTo("2");
    assertThat(kvctl(null, "get", "ctl/a").out()).isEmpty();
  }

  @Test
  void jsonOutput() {
    kvctl(null, "put", "json/k", "v \"quoted\"");
    String json = kvctl(null, "-w", "json", "get", "json/k").out();
    assertThat(json).startsWith("{\"revision\":").contains("\"count\":1")
        .contains("\"key\":\"json/k\"").contains("\"value\":\"v \\\"quoted\\\"\"").contains("\"version\":1");
    assertThat(kvctl(null, "put", "json/k", "w", "-w", "json").out()).matches("\\{\"revision\":\\d+}");
  }

  @Test
  void txnFromStdin() {
    kvctl(null, "put", "txn/cfg", "old");
    Result ok = kvctl("value(\"txn/cfg\") = \"old\"\n\nput txn/cfg new\nget txn/cfg\n\nget txn/other\n", "txn");
    assertThat(ok.code()).isZero();
    assertThat(ok.lines()).containsExactly("SUCCESS", "", "OK", "", "txn/cfg", "new");
    Result failed = kvctl("value(\"txn/cfg\") = \"old\"\n\nput txn/cfg newer\n\nget txn/cfg\n", "txn");
    assertThat(failed.lines()).containsExactly("FAILURE", "", "txn/cfg", "new");
    Result bad = kvctl("value(txn/cfg) ~ 1\n", "txn");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("line 1");
  }

  @Test
  void memberListAndEndpointStatusAndHash() {
    assertThat(kvctl(null, "member", "list").lines()).hasSize(3).allMatch(l -> l.matches("n\\d, 127\\.0\\.0\\.1:\\d+"));
    Result status = kvctl(null, "endpoint", "status");
    assertThat(status.code()).isZero();
    assertThat(status.lines()).hasSize(4);
    assertThat(status.out()).contains("LEADER").contains("FOLLOWER");
    String json = kvctl(null, "-w", "json", "endpoint", "status").out();
    assertThat(json).contains("\"role\":\"LEADER\"").contains("\"applied_index\":");
    kvctl(null, "put", "hash/k", "v");
    Result hash = kvctl(null, "endpoint", "hash");
    assertThat(hash.code()).isZero();
    assertThat(hash.lines()).hasSize(3);
  }

  @Test
  void snapshotCreateOnEveryMember() {
    kvctl(null, "put", "snap/k", "v");
    Result r = kvctl(null, "snapshot", "create");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(3).allMatch(l -> l.startsWith("Snapshot taken on n"));
  }

  @Test
  void aDeadClusterFailsWithinTheDeadline() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CommandLine cli = Kvctl.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    long started = System.nanoTime();
    int code = Kvctl.run(cli, "--endpoints", "127.0.0.1:" + port, "--timeout", "2s", "get", "k");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).matches("(?s)Error: (UNAVAILABLE|DEADLINE_EXCEEDED): .*");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("bounded by the deadline").isLessThan(30);

    CommandLine members = Kvctl.commandLine();
    StringWriter membersErr = new StringWriter();
    members.setErr(new PrintWriter(membersErr));
    assertThat(Kvctl.run(members, "--endpoints", "127.0.0.1:" + port, "--timeout", "2s", "member", "list"))
        .isEqualTo(1);
    assertThat(membersErr.toString()).startsWith("Error: UNAVAILABLE: ");
  }

  @Test
  void errorsAreOneLineWithNonZeroExit() {
    Result empty = kvctl(null, "put", "", "v");
    assertThat(empty.code()).isEqualTo(1);
    assertThat(empty.err()).startsWith("Error: INVALID_ARGUMENT: ").contains("key is empty").doesNotContain("\n");
    Result usage = kvctl(null, "get");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required parameter");
    Result badTimeout = kvctl(null, "--timeout", "soon", "get", "k");
    assertThat(badTimeout.code()).isEqualTo(2);
    assertThat(badTimeout.err()).contains("not a duration");
  }
}
