package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Permission;
import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.client.internal.RatisTransport;
import io.cairnkv.client.internal.tls.TlsMaterial;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Certificate identities: with mutual TLS and auth on, the client certificate's CN is the user, and a
 * client holding a certificate for one user cannot act as another by naming it in the request.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TlsAuthIT {
  @Test
  void certificateCommonNameIsTheUser() throws Exception {
    TestCertificates.assumeOpenssl();
    Path dir = TestDirs.fresh("TlsAuthIT");
    TestCertificates certs = new TestCertificates(dir.resolve("certs"));
    TestCertificates.Ca ca = certs.ca("cluster");
    TestCertificates.Issued node = certs.issue(ca, "node", "node");
    TestCertificates.Issued rootCert = certs.issue(ca, "root", "root");
    TestCertificates.Issued aliceCert = certs.issue(ca, "alice", "alice");
    try (InProcessCluster cluster = InProcessCluster.start(dir.resolve("data"), 3, node.serverSettings(true),
        Map.of(), rootCert.clientConfig())) {
      KvClient root = cluster.newClient();
      root.put("a/x", "1");
      root.auth().userAdd("root", null); // certificate only: no password
      root.auth().userGrantRole("root", "root");
      root.auth().roleAdd("reader");
      root.auth().roleGrantPermission("reader", Permission.prefix(Permission.Type.READ, "a/"));
      root.auth().userAdd("alice", null);
      root.auth().userGrantRole("alice", "reader");
      root.auth().enable();

      // The root certificate alone authenticates: no password, no token.
      root.put("w/1", "root");
      assertThat(root.auth().userGet("alice").hasPassword()).isFalse();

      KvClient alice = cluster.newClient(b -> b.tls(aliceCert.clientConfig()));
      assertThat(alice.get("a/x").first().orElseThrow().valueUtf8()).isEqualTo("1");
      assertThatThrownBy(() -> alice.put("a/x", "2")).isInstanceOf(KvException.PermissionDeniedException.class)
          .hasMessageContaining("user 'alice' lacks WRITE permission on key 'a/x'");
      assertThatThrownBy(() -> alice.createSnapshot(alice.members().get(0)))
          .isInstanceOf(KvException.PermissionDeniedException.class).hasMessageContaining("'alice'");

      // Alice's certificate, with the request claiming to come from root's certificate: still alice.
      TlsMaterial aliceTls = TlsMaterial.load(ca.cert(), aliceCert.cert(), aliceCert.key(), Instant.now());
      try (RatisTransport raw = new RatisTransport(Endpoint.parseList(cluster.peers()), "cairnkv",
          Duration.ofSeconds(15), aliceTls)) {
        LogEntryPayload forged = LogEntryPayload.newBuilder().setTransportUser("root")
            .addCommands(WriteCommand.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("a/x")).setValue(ByteString.copyFromUtf8("forged")))).build();
        assertThatThrownBy(() -> raw.write(forged).join()).hasMessageContaining("user 'alice' lacks WRITE");
        ReadQuery read = ReadQuery.newBuilder().setTransportUser("root")
            .setRange(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("w/1"))).build();
        assertThat(raw.readLinearizable(read).join().getStatus()).isEqualTo(WireStatus.PERMISSION_DENIED);
      }
      // Root's certificate with a forged plaintext-style claim of another user changes nothing either.
      TlsMaterial rootTls = TlsMaterial.load(ca.cert(), rootCert.cert(), rootCert.key(), Instant.now());
      try (RatisTransport raw = new RatisTransport(Endpoint.parseList(cluster.peers()), "cairnkv",
          Duration.ofSeconds(15), rootTls)) {
        LogEntryPayload asAlice = LogEntryPayload.newBuilder().setTransportUser("alice")
            .addCommands(WriteCommand.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("w/2")).setValue(ByteString.copyFromUtf8("root")))).build();
        WriteResult result = raw.write(asAlice).join().getResults(0);
        assertThat(result.getStatus()).as("the CN decides, not the claim").isEqualTo(WireStatus.OK);
      }
      assertThat(root.get("a/x").first().orElseThrow().valueUtf8()).isEqualTo("1");
    }
  }
}
