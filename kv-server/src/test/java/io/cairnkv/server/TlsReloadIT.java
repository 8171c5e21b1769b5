package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.internal.tls.TlsMaterial;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.tls.TestCertificates;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A renewed certificate is served on the Raft/client port and the admin port without a restart, and
 * clients keep working across the change.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TlsReloadIT {
  @Test
  void renewedCertificateIsServedWithoutRestart() throws Exception {
    TestCertificates.assumeOpenssl();
    Path dir = TestDirs.fresh("TlsReloadIT");
    TestCertificates certs = new TestCertificates(dir.resolve("certs"));
    TestCertificates.Ca ca = certs.ca("reload");
    TestCertificates.Issued node = certs.issue(ca, "node", "node");
    TestCertificates.Issued root = certs.issue(ca, "root", "root");
    Map<String, String> settings = node.serverSettings(true);
    settings.put("tls.reload-interval-ms", "200");
    try (InProcessCluster cluster = InProcessCluster.start(dir.resolve("data"), 1, settings, Map.of(),
        root.clientConfig())) {
      KvClient client = cluster.newClient();
      client.put("before", "1");
      int raftPort = cluster.node("n1").config().port();
      int adminPort = cluster.node("n1").adminAddress().orElseThrow().getPort();
      BigInteger first = node.certificate().getSerialNumber();
      assertThat(servedSerial(raftPort, root)).isEqualTo(first);

      certs.issue(ca, "node", "node", 90); // the same files, renewed
      BigInteger renewed = node.certificate().getSerialNumber();
      assertThat(renewed).isNotEqualTo(first);
      Awaitility.await("the Raft port serves the renewed certificate").atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100)).until(() -> servedSerial(raftPort, root).equals(renewed));
      assertThat(servedSerial(adminPort, root)).isEqualTo(renewed);
      client.put("after", "2");
      assertThat(cluster.newClient().get("after").count()).isEqualTo(1);
    }
  }

  /** Serial of the certificate the server on {@code port} presents in a fresh handshake. */
  private static BigInteger servedSerial(int port, TestCertificates.Issued client) throws Exception {
    TlsMaterial material = TlsMaterial.load(client.ca().cert(), client.cert(), client.key(), Instant.now());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new javax.net.ssl.KeyManager[] {material.keyManager()},
        new javax.net.ssl.TrustManager[] {material.trustManager()}, null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }
}
