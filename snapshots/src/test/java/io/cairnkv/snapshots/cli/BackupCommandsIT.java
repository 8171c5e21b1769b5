package io.cairnkv.snapshots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.ctl.Kvctl;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code kvctl snapshot save|status|restore} as an operator runs them. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackupCommandsIT {
  private record Result(int code, String out, String err) {}

  private static Result kvctl(String... args) {
    CommandLine cli = Kvctl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = Kvctl.run(cli, args);
    return new Result(code, out.toString().strip(), err.toString().strip());
  }

  @Test
  void saveStatusRestore() throws Exception {
    Path root = TestDirs.fresh("BackupCommandsIT");
    Path file = root.resolve("backup.cairnbak");
    String peers;
    try (InProcessCluster cluster = InProcessCluster.start(root.resolve("source"), 3)) {
      peers = cluster.peers();
      for (int i = 0; i < 50; i++) {
        assertThat(kvctl("--endpoints", peers, "put", "b/" + i, "v" + i).code()).isZero();
      }
      Result save = kvctl("--endpoints", peers, "snapshot", "save", file.toString());
      assertThat(save.code()).as(save.err()).isZero();
      assertThat(save.out()).startsWith("Snapshot saved to").contains("50 keys");
      assertThat(save.err()).contains("saved").contains("(100%)");
    }
    Result status = kvctl("snapshot", "status", file.toString());
    assertThat(status.code()).isZero();
    assertThat(status.out()).startsWith("OK: revision 50, 50 keys");
    assertThat(kvctl("-w", "json", "snapshot", "status", file.toString()).out()).contains("\"keys\":50");

    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Path damaged = root.resolve("damaged.cairnbak");
    Files.write(damaged, bytes);
    Result bad = kvctl("snapshot", "status", damaged.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).startsWith("Error: ").contains("not a usable backup");
    Result refused = kvctl("snapshot", "restore", damaged.toString(), "--data-dir", root.resolve("r0").toString(),
        "--id", "n1", "--peers", peers);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("refusing to restore");

    Path restored = root.resolve("restored");
    for (String id : new String[] {"n1", "n2", "n3"}) {
      Result r = kvctl("snapshot", "restore", file.toString(), "--data-dir", restored.resolve(id).toString(),
          "--id", id, "--peers", peers);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("Restored revision 50 (50 keys)");
    }
    Result again = kvctl("snapshot", "restore", file.toString(), "--data-dir", restored.resolve("n1").toString(),
        "--id", "n1", "--peers", peers);
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("not empty");

    try (InProcessCluster copy = InProcessCluster.start(restored, 3)) {
      Result get = kvctl("--endpoints", copy.peers(), "get", "b/", "--prefix", "--count-only");
      assertThat(get.out()).isEqualTo("50");
    }
  }
}
