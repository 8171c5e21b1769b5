package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberHash;
import io.cairnkv.client.internal.ClusterIds;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.testing.RequestFuzzer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input against a 3-member in-process cluster over Ratis directly, bypassing the client's own
 * checks: seeded fuzzed writes and reads ({@link RequestFuzzer}; about 10 s by default,
 * {@code -Dcairnkv.fuzz.seconds=N}, {@code -Dcairnkv.fuzz.seed=S}) leave every member running with identical
 * content, and every reject is a clear INVALID_ARGUMENT; oversized frames are refused by the transport
 * before they are buffered and the members stay healthy.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
  private static final int REQUEST_LIMIT = 64 * 1024;

  private InProcessCluster cluster;
  private KvClient client;
  private RaftClient raw;
  private RaftClient rawOnce;

  @BeforeAll
  void start() {
    cluster = InProcessCluster.start(TestDirs.fresh("HostileInputIT"), 3,
        Map.of("limits.request-max-bytes", Integer.toString(REQUEST_LIMIT)));
    client = cluster.newClient();
    List<RaftPeer> peers = new ArrayList<>();
    for (String id : cluster.ids()) {
      peers.add(RaftPeer.newBuilder().setId(id).setAddress(cluster.node(id).config().bindHost() + ":"
          + cluster.node(id).config().port()).build());
    }
    RaftGroup group = RaftGroup.valueOf(ClusterIds.groupId(ClusterIds.DEFAULT_CLUSTER), peers);
    // Retries find the leader; the oversized-frame test wants the first answer, not retries of it.
    raw = rawClient(group, RetryPolicies.retryUpToMaximumCountWithFixedSleep(20,
        TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)));
    rawOnce = rawClient(group, RetryPolicies.noRetry());
  }

  private static RaftClient rawClient(RaftGroup group, RetryPolicy retryPolicy) {
    RaftProperties properties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));
    return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group).setRetryPolicy(retryPolicy).build();
  }

  @AfterAll
  void stop() throws IOException {
    if (raw != null) {
      raw.close();
    }
    if (rawOnce != null) {
      rawOnce.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void fuzzedRequestsNeitherKillNorDivergeMembers() throws Exception {
    RequestFuzzer fuzzer = new RequestFuzzer(RequestFuzzer.seedFromProperty());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RequestFuzzer.secondsFromProperty(10));
    int rejected = 0;
    int applied = 0;
    for (int i = 0; System.nanoTime() < deadline; i++) {
      boolean write = fuzzer.random().nextBoolean();
      byte[] input = write ? fuzzer.write() : fuzzer.read();
      String context = "seed " + fuzzer.seed() + ", input #" + i + ": " + RequestFuzzer.hex(input);
      Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(input));
      RaftClientReply reply;
      try {
        reply = write ? raw.io().send(message) : raw.io().sendReadOnly(message);
      } catch (StateMachineException e) {
        assertThat(e.getMessage()).as(context).contains("INVALID_ARGUMENT");
        rejected++;
        continue;
      }
      assertThat(reply.isSuccess()).as(context).isTrue();
      if (write) {
        for (WriteResult r : LogEntryResult.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer())
            .getResultsList()) {
          assertThat(r.getStatus().name()).as(context).isIn(okOr(RequestFuzzer.CLIENT_ERRORS));
        }
        applied++;
      } else {
        ReadResult r = ReadResult.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer());
        assertThat(r.getStatus().name()).as(context).isIn(okOr(RequestFuzzer.CLIENT_ERRORS));
      }
    }
    assertThat(rejected).isPositive();
    assertThat(applied).isPositive();
    assertThat(cluster.runningIds()).hasSize(3);
    long revision = client.put("fuzz/done", "yes").revision();
    List<MemberHash> hashes = new ArrayList<>();
    for (Member m : client.members()) {
      hashes.add(Awaitility.await(m.id() + " catches up").atMost(Duration.ofSeconds(30))
          .until(() -> client.hash(m), h -> h.revision() >= revision));
    }
    assertThat(hashes).extracting(MemberHash::revision).containsOnly(revision);
    assertThat(hashes).extracting(MemberHash::sha256).containsOnly(hashes.get(0).sha256());
  }

  @Test
  void oversizedFramesAreRefusedAndMembersStayHealthy() throws Exception {
    long frameMax = KvServer.transportFrameMaxBytes(cluster.node("n1").config());
    byte[] huge = new byte[(int) frameMax + 1024];
    assertThatThrownBy(() -> rawOnce.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(huge))))
        .hasStackTraceContaining("RESOURCE_EXHAUSTED").hasStackTraceContaining("exceeds maximum size " + frameMax);
    // Between our limit and the frame limit: it reaches the state machine, which names the limit.
    byte[] overLimit = new byte[REQUEST_LIMIT + 1];
    assertThatThrownBy(() -> raw.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(overLimit))))
        .isInstanceOf(StateMachineException.class).hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("limits.request-max-bytes");
    assertThat(client.put("after/oversized", "ok").revision()).isPositive();
    assertThat(cluster.runningIds()).hasSize(3);
  }

  private static List<String> okOr(java.util.Set<String> errors) {
    List<String> all = new ArrayList<>(errors);
    all.add(WireStatus.OK.name());
    return all;
  }
}
