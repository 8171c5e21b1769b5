package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.BackupSession;
import io.cairnkv.client.Compare;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.Op;
import io.cairnkv.client.TlsConfig;
import io.cairnkv.client.Txn;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.tls.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A 3-member cluster with mutual TLS: the whole client path works with a certificate from the cluster's
 * CA, and every other kind of client is refused (plaintext, no certificate, a certificate from another
 * CA, not trusting the servers' CA). The admin endpoint speaks HTTPS only.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
  private static final Duration SHORT = Duration.ofSeconds(3);

  private TestCertificates certs;
  private TestCertificates.Ca ca;
  private TestCertificates.Issued node;
  private TestCertificates.Issued root;
  private TestCertificates.Issued stranger;
  private InProcessCluster cluster;
  private KvClient client;

  @BeforeAll
  void start() {
    TestCertificates.assumeOpenssl();
    Path dir = TestDirs.fresh("TlsIT");
    certs = new TestCertificates(dir.resolve("certs"));
    ca = certs.ca("cluster");
    node = certs.issue(ca, "node", "node");
    root = certs.issue(ca, "root", "root");
    stranger = certs.issue(certs.ca("other"), "stranger", "root");
    Map<String, String> settings = new HashMap<>(node.serverSettings(true));
    // Probes (kubelet, load balancers) rarely hold client certificates: HTTPS without mTLS on admin.
    settings.put("tls.admin-client-cert-auth", "false");
    cluster = InProcessCluster.start(dir.resolve("data"), 3, settings, Map.of(), root.clientConfig());
    client = cluster.newClient();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void wholeClientPathWorksWithMutualTls() {
    long revision = client.put("tls/a", "1").revision();
    assertThat(client.get("tls/a").first().orElseThrow().valueUtf8()).isEqualTo("1");
    byte[] key = "tls/a".getBytes(StandardCharsets.UTF_8);
    assertThat(client.txn(Txn.builder().when(Compare.modRevision(key, Compare.Operator.EQUAL, revision))
        .then(Op.put(key, "2".getBytes(StandardCharsets.UTF_8))).build()).succeeded()).isTrue();
    List<Member> members = client.members();
    assertThat(members).hasSize(3);
    assertThat(client.status(members.get(0)).role()).isIn("LEADER", "FOLLOWER");
    // The admin call goes through over mTLS; Ratis skips a snapshot within its creation gap (index 0 then).
    assertThat(client.createSnapshot(members.get(0))).isNotNegative();
    try (BackupSession backup = client.openBackup()) {
      assertThat(backup.keyCount()).isGreaterThanOrEqualTo(1);
      BackupSession.FileInfo file = backup.files().get(0);
      assertThat(backup.read(file.name(), 0, 1024)).isNotEmpty();
    }
    assertThat(client.hash(members.get(0)).sha256()).hasSize(64);
  }

  @Test
  void plaintextClientIsRefused() {
    KvClient plain = cluster.newClient(SHORT, null);
    assertThatThrownBy(() -> plain.put("tls/plain", "x")).isInstanceOf(KvException.class);
    assertThat(client.get("tls/plain").count()).isZero();
  }

  @Test
  void clientWithoutCertificateIsRefused() {
    KvClient anonymous = cluster.newClient(SHORT, TlsConfig.trusting(ca.cert()));
    assertThatThrownBy(() -> anonymous.put("tls/anonymous", "x")).isInstanceOf(KvException.class);
    assertThat(client.get("tls/anonymous").count()).isZero();
  }

  @Test
  void clientCertificateFromAnotherCaIsRefused() {
    KvClient foreign = cluster.newClient(SHORT, TlsConfig.trusting(ca.cert())
        .withClientCertificate(stranger.cert(), stranger.key()));
    assertThatThrownBy(() -> foreign.put("tls/foreign", "x")).isInstanceOf(KvException.class);
    assertThat(client.get("tls/foreign").count()).isZero();
  }

  @Test
  void clientThatDoesNotTrustTheServersCaIsRefused() {
    KvClient wrongTrust = cluster.newClient(SHORT, TlsConfig.trusting(stranger.ca().cert())
        .withClientCertificate(root.cert(), root.key()));
    assertThatThrownBy(() -> wrongTrust.get("tls/a")).isInstanceOf(KvException.class);
  }

  @Test
  void adminEndpointSpeaksHttpsOnly() throws Exception {
    URI https = cluster.adminUri("n1");
    assertThat(https.getScheme()).isEqualTo("https");
    HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(ca.cert()))
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(https.resolve("/health"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    String metrics = trusting.send(HttpRequest.newBuilder(https.resolve("/metrics")).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("cairnkv_tls_certificate_not_after_seconds");

    URI plain = URI.create("http://127.0.0.1:" + https.getPort() + "/health");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
  }

  /** A member whose certificate comes from another CA never joins: no vote, no log entry, no data. */
  @Test
  void peerWithCertificateFromAnotherCaCannotReplicate() {
    TestCertificates.Issued intruder = certs.issue(stranger.ca(), "intruder-node", "node");
    Map<String, String> intruderSettings = new HashMap<>(intruder.serverSettings(true));
    intruderSettings.put("tls.trusted-ca-file", ca.cert().toString()); // it trusts the cluster; not vice versa
    intruderSettings.put("tls.admin-client-cert-auth", "false");
    Map<String, String> settings = new HashMap<>(node.serverSettings(true));
    settings.put("tls.admin-client-cert-auth", "false");
    try (InProcessCluster mixed = InProcessCluster.start(TestDirs.fresh("TlsIT-peer"), 3, settings,
        Map.of("n3", intruderSettings), root.clientConfig())) {
      String leader = mixed.awaitLeader();
      assertThat(leader).isNotEqualTo("n3");
      KvClient c = mixed.newClient();
      for (int i = 0; i < 10; i++) {
        c.put("peer/" + i, "v");
      }
      String follower = leader.equals("n1") ? "n2" : "n1";
      long leaderApplied = mixed.node(leader).stateMachine().getLastAppliedTermIndex().getIndex();
      Awaitility.await("the trusted follower applies everything").atMost(Duration.ofSeconds(20))
          .until(() -> mixed.node(follower).stateMachine().getLastAppliedTermIndex().getIndex() >= leaderApplied);
      assertThat(mixed.node("n3").stateMachine().getLastAppliedTermIndex().getIndex()).isLessThanOrEqualTo(0);
      assertThat(mixed.node("n3").isLeader()).isFalse();
    }
  }

  static SSLContext trusting(Path caFile) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var in = java.nio.file.Files.newInputStream(caFile)) {
      store.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
