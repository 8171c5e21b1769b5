package io.cairnkv.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** kvctl's user, role and auth commands end to end, and --user on data and admin commands. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KvctlAuthIT {
  private record Result(int code, String out, String err) {}

  private static Result kvctl(InProcessCluster cluster, String... args) {
    CommandLine cli = Kvctl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--endpoints", cluster.peers()));
    all.addAll(List.of(args));
    int code = Kvctl.run(cli, all.toArray(new String[0]));
    return new Result(code, out.toString().strip(), err.toString().strip());
  }

  @Test
  void usersRolesAndTheAuthSwitch() {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("KvctlAuthIT"), 3)) {
      Result refused = kvctl(cluster, "auth", "enable");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("FAILED_PRECONDITION").contains("kvctl user add root");

      assertThat(kvctl(cluster, "user", "add", "root", "--new-user-password", "rootpw").out())
          .isEqualTo("User root created");
      kvctl(cluster, "user", "grant-role", "root", "root");
      assertThat(kvctl(cluster, "role", "add", "reader").out()).isEqualTo("Role reader created");
      assertThat(kvctl(cluster, "role", "grant-permission", "reader", "read", "a/", "--prefix").out())
          .isEqualTo("Role reader updated: READ a/ (prefix)");
      Result badType = kvctl(cluster, "role", "grant-permission", "reader", "admin", "a/");
      assertThat(badType.code()).isEqualTo(2);
      assertThat(badType.err()).contains("read, write or readwrite");
      kvctl(cluster, "user", "add", "alice", "--new-user-password", "alicepw");
      kvctl(cluster, "user", "grant-role", "alice", "reader");
      kvctl(cluster, "put", "a/x", "1");
      assertThat(kvctl(cluster, "auth", "enable").out()).isEqualTo("Authentication Enabled");

      Result anonymous = kvctl(cluster, "put", "a/x", "2");
      assertThat(anonymous.code()).isEqualTo(1);
      assertThat(anonymous.err()).startsWith("Error: PERMISSION_DENIED: authentication required");
      assertThat(kvctl(cluster, "--user", "alice:alicepw", "get", "a/x").out()).isEqualTo("a/x\n1");
      Result denied = kvctl(cluster, "--user", "alice:alicepw", "put", "a/x", "2");
      assertThat(denied.code()).isEqualTo(1);
      assertThat(denied.err()).contains("PERMISSION_DENIED").contains("user 'alice' lacks WRITE permission on key 'a/x'");
      assertThat(kvctl(cluster, "--user", "alice:wrong", "get", "a/x").err())
          .contains("PERMISSION_DENIED: authentication failed");
      assertThat(kvctl(cluster, "--user", "alice:alicepw", "snapshot", "create").err())
          .contains("PERMISSION_DENIED").contains("root role");

      assertThat(kvctl(cluster, "--user", "root:rootpw", "user", "get", "alice").out())
          .isEqualTo("User: alice\nRoles: reader");
      assertThat(kvctl(cluster, "--user", "root:rootpw", "user", "list").out()).isEqualTo("alice\nroot");
      assertThat(kvctl(cluster, "--user", "root:rootpw", "role", "get", "reader").out())
          .isEqualTo("Role reader\n  READ a/ (prefix)");
      assertThat(kvctl(cluster, "--user", "root:rootpw", "-w", "json", "role", "list").out())
          .contains("\"name\":\"root\"").contains("\"name\":\"reader\"");
      assertThat(kvctl(cluster, "--user", "root:rootpw", "snapshot", "create").code()).isZero();
      assertThat(kvctl(cluster, "auth", "status").out()).startsWith("Authentication Status: true");
      assertThat(kvctl(cluster, "--user", "root:rootpw", "role", "revoke-permission", "reader", "a/", "--prefix")
          .code()).isZero();
      assertThat(kvctl(cluster, "--user", "alice:alicepw", "get", "a/x").err()).contains("lacks READ");
      assertThat(kvctl(cluster, "--user", "root:rootpw", "auth", "disable").out()).isEqualTo("Authentication Disabled");
      assertThat(kvctl(cluster, "put", "a/x", "3").out()).isEqualTo("OK");
    }
  }
}
