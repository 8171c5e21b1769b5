package io.cairnkv.snapshots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.ctl.Kvctl;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.tls.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * kvctl against a cluster with mutual TLS, as an operator runs it: writes and reads with
 * {@code --cacert/--cert/--key}, {@code snapshot save} over TLS, restore into a new secure cluster; without
 * credentials the same commands fail with a clear message.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecureBackupCommandsIT {
  private record Result(int code, String out, String err) {}

  private static Result kvctl(List<String> tlsFlags, String... args) {
    CommandLine cli = Kvctl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(tlsFlags);
    all.addAll(List.of(args));
    int code = Kvctl.run(cli, all.toArray(new String[0]));
    return new Result(code, out.toString().strip(), err.toString().strip());
  }

  @Test
  void saveAndRestoreOverMutualTls() {
    TestCertificates.assumeOpenssl();
    Path root = TestDirs.fresh("SecureBackupCommandsIT");
    TestCertificates certs = new TestCertificates(root.resolve("certs"));
    TestCertificates.Ca ca = certs.ca("backup");
    TestCertificates.Issued node = certs.issue(ca, "node", "node");
    TestCertificates.Issued user = certs.issue(ca, "root", "root");
    List<String> tls = List.of("--cacert", ca.cert().toString(), "--cert", user.cert().toString(),
        "--key", user.key().toString());
    Map<String, String> settings = node.serverSettings(true);
    Path file = root.resolve("backup.cairnbak");
    String peers;
    try (InProcessCluster cluster = InProcessCluster.start(root.resolve("source"), 3, settings, Map.of(),
        user.clientConfig())) {
      peers = cluster.peers();
      for (int i = 0; i < 20; i++) {
        Result put = kvctl(tls, "--endpoints", peers, "put", "s/" + i, "v" + i);
        assertThat(put.code()).as(put.err()).isZero();
      }
      assertThat(kvctl(tls, "--endpoints", peers, "get", "s/3").out()).isEqualTo("s/3\nv3");
      assertThat(kvctl(tls, "--endpoints", peers, "endpoint", "status").code()).isZero();

      Result plain = kvctl(List.of(), "--endpoints", peers, "--timeout", "3s", "get", "s/3");
      assertThat(plain.code()).isEqualTo(1);
      assertThat(plain.err()).startsWith("Error: ").contains("Hint: if the cluster uses TLS, pass --cacert");
      Result halfFlags = kvctl(List.of("--cacert", ca.cert().toString(), "--cert", user.cert().toString()),
          "--endpoints", peers, "get", "s/3");
      assertThat(halfFlags.code()).isEqualTo(2);
      assertThat(halfFlags.err()).contains("--cert and --key go together");

      Result save = kvctl(tls, "--endpoints", peers, "snapshot", "save", file.toString());
      assertThat(save.code()).as(save.err()).isZero();
      assertThat(save.out()).contains("20 keys");
    }
    Path restored = root.resolve("restored");
    for (String id : new String[] {"n1", "n2", "n3"}) {
      Result r = kvctl(List.of(), "snapshot", "restore", file.toString(), "--data-dir",
          restored.resolve(id).toString(), "--id", id, "--peers", peers);
      assertThat(r.code()).as(r.err()).isZero();
    }
    try (InProcessCluster copy = InProcessCluster.start(restored, 3, settings, Map.of(), user.clientConfig())) {
      Result count = kvctl(tls, "--endpoints", copy.peers(), "get", "s/", "--prefix", "--count-only");
      assertThat(count.out()).as(count.err()).isEqualTo("20");
    }
  }
}
