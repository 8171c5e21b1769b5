package io.cairnkv.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.AuthClient;
import io.cairnkv.client.Compare;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberHash;
import io.cairnkv.client.Op;
import io.cairnkv.client.Permission;
import io.cairnkv.client.ReadConsistency;
import io.cairnkv.client.StatusCode;
import io.cairnkv.client.Txn;
import io.cairnkv.client.internal.ClusterIds;
import io.cairnkv.server.auth.AuthView;
import io.cairnkv.server.auth.TokenService;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authentication and authorization on a 3-member in-process cluster: per-prefix rights, denied requests
 * without effect on any replica, admin operations, tokens, and the auth state across restarts and
 * snapshot installation.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AuthIT {
  /** Users: root (admin), alice (READ on a/), bob (READWRITE on w/). */
  private static void addUsers(AuthClient auth) {
    auth.userAdd("root", "root-pw");
    auth.userGrantRole("root", "root");
    auth.roleAdd("reader");
    auth.roleGrantPermission("reader", Permission.prefix(Permission.Type.READ, "a/"));
    auth.userAdd("alice", "alice-pw");
    auth.userGrantRole("alice", "reader");
    auth.roleAdd("writer");
    auth.roleGrantPermission("writer", Permission.prefix(Permission.Type.READWRITE, "w/"));
    auth.userAdd("bob", "bob-pw");
    auth.userGrantRole("bob", "writer");
  }

  private static KvClient as(InProcessCluster cluster, String user, String password) {
    return cluster.newClient(b -> b.credentials(user, password));
  }

  private static void assertDenied(ThrowingCallable call, String... messageParts) {
    assertThatThrownBy(call).isInstanceOf(KvException.PermissionDeniedException.class)
        .satisfies(e -> assertThat(((KvException) e).code()).isEqualTo(StatusCode.PERMISSION_DENIED))
        .hasMessageContainingAll(messageParts);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void enableIsRefusedWithoutARootUser() throws IOException {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("AuthIT-noroot"), 3)) {
      KvClient client = cluster.newClient();
      assertThatThrownBy(() -> client.auth().enable()).isInstanceOf(KvException.FailedPreconditionException.class)
          .hasMessageContaining("root");
      assertThat(client.auth().status().enabled()).isFalse();
      client.put("still/open", "yes");
    }
  }

  @Test
  void rightsArePerPrefixAndDeniedRequestsChangeNothing() throws IOException {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("AuthIT-rights"), 3)) {
      KvClient setup = cluster.newClient();
      setup.put("a/x", "1");
      setup.put("b/x", "2");
      addUsers(setup.auth());
      setup.auth().enable();
      assertThat(setup.auth().status().enabled()).isTrue();

      assertDenied(() -> setup.put("a/x", "anonymous"), "authentication required");
      assertDenied(() -> setup.get("a/x"), "authentication required");

      KvClient alice = as(cluster, "alice", "alice-pw");
      assertThat(alice.get("a/x").first().orElseThrow().valueUtf8()).isEqualTo("1");
      assertThat(alice.get(b("a/"), GetOptions.builder().prefix().build()).kvs()).hasSize(1);
      assertDenied(() -> alice.put("a/x", "changed"), "alice", "WRITE", "a/x");
      assertDenied(() -> alice.get("b/x"), "alice", "READ", "b/x");
      assertDenied(() -> alice.delete("a/x"), "alice", "WRITE");
      assertDenied(() -> alice.txn(Txn.builder().when(Compare.version(b("b/x"), Compare.Operator.GREATER, 0))
          .then(Op.get(b("a/x"))).build()), "READ", "b/x");
      assertDenied(() -> alice.txn(Txn.builder().then(Op.get(b("a/x"))).otherwise(Op.put(b("a/y"), b("v")))
          .build()), "WRITE", "a/y");
      assertDenied(() -> alice.get(b("a/"), GetOptions.builder().rangeEnd(b("c/")).build()), "READ");
      assertBatchedReadsCheckedOneByOne(alice);

      KvClient bob = as(cluster, "bob", "bob-pw");
      bob.put("w/1", "bob");
      assertThat(bob.get("w/1").first().orElseThrow().valueUtf8()).isEqualTo("bob");
      assertDenied(() -> bob.put("a/x", "bob"), "bob", "WRITE", "a/x");

      KvClient root = as(cluster, "root", "root-pw");
      assertThat(root.get("a/x").first().orElseThrow().valueUtf8()).as("the denied writes changed nothing")
          .isEqualTo("1");
      assertThat(root.get("a/y").first()).isEmpty();
      assertReplicasIdentical(cluster, root);

      // A grant applies on every member through the log.
      root.auth().roleGrantPermission("reader", Permission.prefix(Permission.Type.READ, "b/"));
      assertThat(alice.get("b/x").first().orElseThrow().valueUtf8()).isEqualTo("2");
      for (int i = 0; i < cluster.ids().size(); i++) {
        assertThat(alice.get(b("b/x"), GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build()).kvs())
            .as("serializable read %d, served by the members in turn", i).hasSize(1);
      }
      for (String id : cluster.ids()) {
        AuthView view = cluster.node(id).stateMachine().auth().view();
        assertThat(view.permissionsOf(view.user("alice").orElseThrow())).as(id).hasSize(2);
      }
      root.auth().userRevokeRole("alice", "reader");
      assertDenied(() -> alice.get("a/x"), "alice", "READ");
      assertThat(root.auth().userGet("alice").roles()).isEmpty();
      assertThat(root.auth().roleList()).extracting(r -> r.name()).containsExactly("root", "reader", "writer");
      assertDenied(() -> alice.auth().userList(), "alice", "root role");

      // Every member records the auth changes it applies, with who did it and the outcome.
      String audit = Files.readString(cluster.dataDir(cluster.ids().get(0)).resolve(KvServer.AUDIT_FILE));
      for (String id : cluster.ids()) {
        assertThat(audit).contains("member=" + id + " user=anonymous action=\"user add alice\" outcome=OK")
            .contains("member=" + id + " user=root action=\"user revoke-role alice reader\" outcome=OK")
            .contains("member=" + id + " user=anonymous action=\"auth enable\" outcome=OK");
      }
      assertThat(audit).doesNotContain("alice-pw");
    }
  }

  /**
   * Concurrent point gets of one client share batched read requests: within a batch, each read is checked
   * on its own, so alice's reads of b/x are refused while her reads of a/x in the same batches succeed.
   */
  private static void assertBatchedReadsCheckedOneByOne(KvClient alice) {
    List<java.util.concurrent.CompletableFuture<io.cairnkv.client.GetResult>> allowed = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<io.cairnkv.client.GetResult>> forbidden = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      allowed.add(alice.getAsync(b("a/x"), GetOptions.DEFAULT));
      forbidden.add(alice.getAsync(b("b/x"), GetOptions.DEFAULT));
    }
    for (int i = 0; i < allowed.size(); i++) {
      assertThat(allowed.get(i).join().first().orElseThrow().valueUtf8()).isEqualTo("1");
      java.util.concurrent.CompletableFuture<io.cairnkv.client.GetResult> refused = forbidden.get(i);
      assertDenied(() -> {
        try {
          refused.join();
        } catch (java.util.concurrent.CompletionException e) {
          throw e.getCause();
        }
      }, "alice", "READ", "b/x");
    }
  }

  @Test
  void badCredentialsAndNonAdminsAreRefused() throws IOException {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("AuthIT-admin"), 3)) {
      KvClient setup = cluster.newClient();
      addUsers(setup.auth());
      setup.auth().enable();

      assertDenied(() -> as(cluster, "alice", "wrong").get("a/x"), "wrong user name or password");
      assertDenied(() -> as(cluster, "mallory", "alice-pw").get("a/x"), "wrong user name or password");
      byte[] otherKey = new byte[32];
      String forged = TokenService.issue(otherKey, new TokenService.Claims("root", 0, Long.MAX_VALUE));
      KvClient forger = cluster.newClient(b -> b.token(forged));
      assertDenied(() -> forger.put("w/x", "forged"), "signature");
      assertDenied(() -> forger.get("w/x"), "signature");

      KvClient alice = as(cluster, "alice", "alice-pw");
      Member member = alice.members().get(0);
      assertDenied(() -> alice.addMember("n9", "127.0.0.1:1"), "alice", "root role");
      assertDenied(() -> alice.removeMember(member.id()), "alice", "root role");
      assertDenied(() -> alice.transferLeadership(member.id()), "alice", "root role");
      assertDenied(() -> alice.createSnapshot(member), "alice", "root role");
      assertDenied(() -> alice.hash(member), "alice", "root role");
      assertDenied(() -> alice.openBackup(member), "alice", "root role");
      assertDenied(() -> alice.auth().disable(), "alice", "root role");
      assertDenied(() -> alice.auth().userAdd("eve", "pw"), "alice", "root role");
      assertThat(setup.members()).as("the member list stays readable").hasSize(3);

      // Ratis' own admin service carries no credentials: closed while auth is on.
      try (RaftClient raw = rawRatisClient(cluster)) {
        assertThatThrownBy(() -> raw.admin().transferLeadership(RaftPeerId.valueOf(member.id()), 2000))
            .hasMessageContaining("PERMISSION_DENIED");
        assertThatThrownBy(() -> raw.getSnapshotManagementApi(RaftPeerId.valueOf(member.id())).create(2000))
            .hasMessageContaining("PERMISSION_DENIED");
      }

      KvClient root = as(cluster, "root", "root-pw");
      String target = cluster.ids().stream().filter(id -> !id.equals(cluster.awaitLeader())).findFirst().orElseThrow();
      root.transferLeadership(target);
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cluster.leader().orElse("").equals(target));
      assertThat(root.createSnapshot(member)).isPositive();
      String audit = Files.readString(cluster.dataDir(member.id()).resolve(KvServer.AUDIT_FILE));
      assertThat(audit).contains("user=alice action=\"member add n9 127.0.0.1:1\" outcome=PERMISSION_DENIED")
          .contains("user=alice action=\"auth disable\" outcome=PERMISSION_DENIED")
          .contains("user=root action=\"leader transfer " + target + "\" outcome=OK")
          .contains("member=" + member.id() + " user=root action=\"snapshot create\" outcome=OK");

      // A password change ends the old tokens; the client's renewal with the old password fails.
      assertThat(alice.get("a/x").kvs()).isEmpty();
      root.auth().userPasswd("alice", "new-pw");
      assertDenied(() -> alice.get("a/x"), "wrong user name or password");
      assertThat(as(cluster, "alice", "new-pw").get("a/x").kvs()).isEmpty();
      root.auth().disable();
      setup.put("open/again", "yes");
    }
  }

  @Test
  void authStateSurvivesSnapshotInstallAndFullRestart() throws IOException {
    Map<String, String> snapshotHeavy = Map.of("snapshot.auto-trigger-entries", "40", "snapshot.retain", "2",
        "raft.server.log.segment.size.max", "8KB");
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("AuthIT-restart"), 3, snapshotHeavy)) {
      KvClient setup = cluster.newClient();
      String leader = cluster.awaitLeader();
      String lagging = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      cluster.stopNode(lagging);
      addUsers(setup.auth());
      setup.auth().enable();
      KvClient root = as(cluster, "root", "root-pw");
      for (int i = 0; i < 200; i++) {
        root.put("w/" + i, "v" + i);
      }
      cluster.startNode(lagging);
      Awaitility.await("the lagging member installs the leader's snapshot").atMost(Duration.ofSeconds(60))
          .until(() -> cluster.node(lagging).stateMachine().auth().view().enabled());
      assertThat(cluster.node(lagging).stateMachine().auth().view().user("alice")).isPresent();

      for (String id : cluster.ids()) {
        cluster.stopNode(id);
      }
      for (String id : cluster.ids()) {
        cluster.startNode(id);
      }
      cluster.awaitLeader();
      KvClient alice = as(cluster, "alice", "alice-pw");
      assertThat(alice.auth().status().enabled()).isTrue();
      assertDenied(() -> alice.put("a/x", "after restart"), "alice", "WRITE");
      assertDenied(() -> cluster.newClient().get("w/1"), "authentication required");
      KvClient bob = as(cluster, "bob", "bob-pw");
      assertThat(bob.get("w/199").first().orElseThrow().valueUtf8()).isEqualTo("v199");
      assertReplicasIdentical(cluster, as(cluster, "root", "root-pw"));
    }
  }

  @Test
  void expiredTokensAreRefusedAndCredentialClientsRenewThem() throws IOException {
    long ttlMs = 3000;
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("AuthIT-expiry"), 3,
        Map.of("auth.token-ttl-ms", Long.toString(ttlMs)))) {
      KvClient setup = cluster.newClient();
      addUsers(setup.auth());
      setup.auth().enable();
      long askedAt = System.nanoTime(); // the token cannot expire before askedAt + ttl
      String token = setup.auth().authenticate("bob", "bob-pw");
      KvClient fixed = cluster.newClient(b -> b.token(token));
      KvClient renewing = as(cluster, "bob", "bob-pw");
      fixed.put("w/fixed", "1");
      renewing.put("w/renewing", "1");
      long expired = askedAt + TimeUnit.MILLISECONDS.toNanos(ttlMs);
      Awaitility.await("the fixed token expires").atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
              fixed.get("w/fixed");
              return false;
            } catch (KvException.PermissionDeniedException e) {
              return e.getMessage().contains("expired");
            }
          });
      assertThat(System.nanoTime()).as("not before its lifetime").isGreaterThanOrEqualTo(expired);
      assertDenied(() -> fixed.put("w/fixed", "2"), "expired");
      // The credentials client got a new token on its own: it keeps working past several lifetimes.
      for (int i = 0; i < 3; i++) {
        renewing.put("w/renewing", "v" + i);
        assertThat(renewing.get("w/renewing").first().orElseThrow().valueUtf8()).isEqualTo("v" + i);
        Awaitility.await().pollDelay(Duration.ofMillis(ttlMs)).until(() -> true);
      }
      assertThat(renewing.get("w/fixed").first().orElseThrow().valueUtf8()).isEqualTo("1");
    }
  }

  /** Every member reaches the same applied state and content digest. */
  private static void assertReplicasIdentical(InProcessCluster cluster, KvClient root) {
    Awaitility.await("replicas converge").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      List<MemberHash> hashes = new ArrayList<>();
      for (Member m : root.members()) {
        hashes.add(root.hash(m));
      }
      assertThat(hashes).extracting(MemberHash::sha256).containsOnly(hashes.get(0).sha256());
      assertThat(hashes).extracting(MemberHash::raftIndex).containsOnly(hashes.get(0).raftIndex());
    });
    List<byte[]> states = new ArrayList<>();
    for (String id : cluster.ids()) {
      states.add(cluster.node(id).stateMachine().auth().view().state().toByteArray());
    }
    assertThat(states).as("identical auth state").allSatisfy(s -> assertThat(s).isEqualTo(states.get(0)));
  }

  private static RaftClient rawRatisClient(InProcessCluster cluster) {
    List<RaftPeer> peers = new ArrayList<>();
    for (String entry : cluster.peers().split(",")) {
      String[] idAddress = entry.split("=", 2);
      peers.add(RaftPeer.newBuilder().setId(idAddress[0]).setAddress(idAddress[1]).build());
    }
    return RaftClient.newBuilder().setProperties(new RaftProperties())
        .setRaftGroup(RaftGroup.valueOf(ClusterIds.groupId("cairnkv"), peers))
        .setRetryPolicy(RetryPolicies.noRetry()).build();
  }
}
