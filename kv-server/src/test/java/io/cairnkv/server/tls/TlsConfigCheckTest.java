package io.cairnkv.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.internal.tls.TlsMaterial;
import io.cairnkv.ctl.TlsFlags;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.config.ConfigException;
import io.cairnkv.server.config.ConfigLoader;
import io.cairnkv.server.config.KvServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * TLS files are checked before anything starts, with messages naming the key or flag and the problem;
 * renewed files are picked up by {@link ServerTls#reloadIfChanged()}, broken ones are ignored.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsConfigCheckTest {
  private Path dir;
  private TestCertificates certs;
  private TestCertificates.Ca ca;
  private TestCertificates.Issued node;
  private TestCertificates.Issued other;

  @BeforeAll
  void makeCertificates() {
    TestCertificates.assumeOpenssl();
    dir = TestDirs.fresh("TlsConfigCheckTest");
    certs = new TestCertificates(dir.resolve("certs"));
    ca = certs.ca("check");
    node = certs.issue(ca, "node", "node");
    other = certs.issue(ca, "other", "other");
  }

  private static Map<String, String> flags(Map<String, String> tls) {
    Map<String, String> flags = new HashMap<>(tls);
    flags.put("id", "n1");
    flags.put("data-dir", "/var/lib/cairnkv");
    flags.put("peers", "n1=127.0.0.1:7001");
    return flags;
  }

  @Test
  void validFilesGiveTheSettings() {
    KvServerConfig config = new ConfigLoader().flags(flags(node.serverSettings(true))).load();
    assertThat(config.tls().enabled()).isTrue();
    assertThat(config.tls().clientCertAuth()).isTrue();
    assertThat(config.tls().adminClientCertAuth()).as("admin follows client-cert-auth by default").isTrue();
    assertThat(config.describe()).contains("tls.cert-file = " + node.cert());
    assertThat(new ConfigLoader().flags(flags(Map.of())).load().tls()).isEqualTo(KvServerConfig.Tls.OFF);
  }

  @Test
  void incompleteOrBrokenSettingsNameTheKey() {
    Map<String, String> noKey = node.serverSettings(false);
    noKey.remove("tls.key-file");
    assertThatThrownBy(() -> new ConfigLoader().flags(flags(noKey)).load()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'tls.key-file' is required when TLS is on");
    assertThatThrownBy(() -> new ConfigLoader().flags(flags(Map.of("tls.client-cert-auth", "true"))).load())
        .hasMessageContaining("tls.client-cert-auth").hasMessageContaining("needs TLS");
    Map<String, String> badBool = node.serverSettings(false);
    badBool.put("tls.client-cert-auth", "yes");
    assertThatThrownBy(() -> new ConfigLoader().flags(flags(badBool)).load())
        .hasMessageContaining("'tls.client-cert-auth' = 'yes'").hasMessageContaining("not true or false");
    Map<String, String> missingCa = node.serverSettings(false);
    missingCa.put("tls.trusted-ca-file", dir.resolve("nope.pem").toString());
    assertThatThrownBy(() -> new ConfigLoader().flags(flags(missingCa)).load())
        .hasMessageContaining("tls.trusted-ca-file").hasMessageContaining("does not exist");
    Map<String, String> wrongKey = node.serverSettings(false);
    wrongKey.put("tls.key-file", other.key().toString());
    assertThatThrownBy(() -> new ConfigLoader().flags(flags(wrongKey)).load())
        .hasMessageContaining("tls.cert-file").hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void wrongFormatsGetHelpfulMessages() throws Exception {
    Path pkcs1 = Files.writeString(dir.resolve("pkcs1.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
        + "-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsMaterial.load(ca.cert(), node.cert(), pkcs1, Instant.now()))
        .hasMessageContaining("convert it to PKCS#8");
    Path notPem = Files.writeString(dir.resolve("garbage.pem"), "hello");
    assertThatThrownBy(() -> TlsMaterial.load(notPem, null, null, Instant.now()))
        .hasMessageContaining("is not a PEM certificate file");
    assertThatThrownBy(() -> TlsMaterial.load(ca.cert(), node.cert(), node.cert(), Instant.now()))
        .hasMessageContaining("is not a PEM private key file");
  }

  @Test
  void expiredAndNotYetValidCertificatesAreRefused() {
    Instant notAfter = node.certificate().getNotAfter().toInstant();
    Instant notBefore = node.certificate().getNotBefore().toInstant();
    assertThatThrownBy(() -> TlsMaterial.load(ca.cert(), node.cert(), node.key(), notAfter.plusSeconds(1)))
        .hasMessageContaining("expired at " + notAfter);
    assertThatThrownBy(() -> TlsMaterial.load(ca.cert(), node.cert(), node.key(), notBefore.minusSeconds(1)))
        .hasMessageContaining("is not valid before " + notBefore);
    KvServerConfig.Tls tls = new ConfigLoader().flags(flags(node.serverSettings(false))).load().tls();
    Clock late = Clock.fixed(notAfter.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    assertThatThrownBy(() -> ServerTls.start(tls, new SimpleMeterRegistry(), late)).hasMessageContaining("expired");
  }

  @Test
  void kvctlFlagsAreCheckedAgainstTheFlagName() {
    assertThat(TlsFlags.resolve(null, null, null, Map.of())).isEmpty();
    assertThatThrownBy(() -> TlsFlags.resolve(ca.cert().toString(), node.cert().toString(), null, Map.of()))
        .hasMessageContaining("--cert and --key go together");
    assertThatThrownBy(() -> TlsFlags.resolve(null, node.cert().toString(), node.key().toString(), Map.of()))
        .hasMessageContaining("--cert needs --cacert");
    assertThatThrownBy(() -> TlsFlags.resolve("/no/such/ca.pem", null, null, Map.of()))
        .hasMessageStartingWith("--cacert: ").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> TlsFlags.resolve(ca.cert().toString(), node.cert().toString(), other.key().toString(),
        Map.of())).hasMessageStartingWith("--cert/--key: ");
    assertThat(TlsFlags.resolve(null, null, null, Map.of("KV_CACERT", ca.cert().toString(), "KV_CERT",
        node.cert().toString(), "KV_KEY", node.key().toString())).orElseThrow().certFile()).contains(node.cert());
  }

  @Test
  void renewedFilesAreReloadedAndBrokenOnesIgnored() throws Exception {
    TestCertificates.Issued served = certs.issue(ca, "served", "served");
    Map<String, String> settings = served.serverSettings(false);
    settings.put("tls.reload-interval-ms", "0");
    KvServerConfig.Tls tls = new ConfigLoader().flags(flags(settings)).load().tls();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ServerTls serverTls = ServerTls.start(tls, registry, Clock.systemUTC())) {
      var first = serverTls.certificate();
      assertThat(serverTls.reloadIfChanged()).as("nothing changed").isFalse();
      assertThat(registry.get("cairnkv.tls.certificate.not.after").gauge().value())
          .isEqualTo(first.getNotAfter().getTime() / 1000.0);

      TestCertificates.Issued renewed = certs.issue(ca, "served", "served", 90);
      assertThat(renewed.cert()).isEqualTo(served.cert());
      assertThat(serverTls.reloadIfChanged()).isTrue();
      assertThat(serverTls.certificate().getSerialNumber()).isNotEqualTo(first.getSerialNumber());
      assertThat(registry.get("cairnkv.tls.certificate.not.after").gauge().value())
          .isEqualTo(serverTls.certificate().getNotAfter().getTime() / 1000.0);

      var current = serverTls.certificate();
      Files.writeString(served.key(), "half-written");
      assertThat(serverTls.reloadIfChanged()).isFalse();
      assertThat(serverTls.certificate()).isEqualTo(current);
      assertThat(registry.get("cairnkv.tls.reload.failures").counter().count()).isEqualTo(1);
    }
  }
}
