package io.cairnkv.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs deploy/local/test-cluster.sh: the packaged launchers, cluster.sh and kvctl as a user runs them,
 * with real processes (kill -9, SIGSTOP). Runs in the integration-test phase, after every jar is packaged.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterScriptE2E {
  @Test
  void localClusterScriptPasses() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Path log = Path.of("target", "test-cluster.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("deploy/local/test-cluster.sh").toString())
        .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("CAIRNKV_BASE_PORT", Integer.toString(freeBasePort()));
    pb.environment().remove("CAIRNKV_LOCAL_DIR");
    Process process = pb.start();
    boolean finished = process.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      // SIGTERM lets the script's trap stop the servers it started.
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("script finished in time; output in %s", log).isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("ok: same term after the pause", "ok: put after kill",
        "ok: backup saved and verified", "test-cluster.sh: PASS");
  }

  /** A base B such that B+1..B+3 and their admin ports B+1001..B+1003 are free right now. */
  private static int freeBasePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(0, 8_000);
      if (free(base + 1) && free(base + 2) && free(base + 3) && free(base + 1001) && free(base + 1002)
          && free(base + 1003)) {
        return base;
      }
    }
    throw new IOException("no free port range found");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
