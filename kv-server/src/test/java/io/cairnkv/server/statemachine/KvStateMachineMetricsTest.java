package io.cairnkv.server.statemachine;

import static io.cairnkv.server.testing.Commands.delete;
import static io.cairnkv.server.testing.Commands.payload;
import static io.cairnkv.server.testing.Commands.put;
import static io.cairnkv.server.testing.Commands.rangeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.internal.ProtoCodec;
import io.cairnkv.client.internal.RequestLimits;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.server.metrics.KvMetrics;
import io.cairnkv.server.metrics.MetricNames;
import io.cairnkv.server.backup.BackupSessions;
import io.cairnkv.server.storage.RocksKvEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.statemachine.TransactionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link KvStateMachine} measures, driven as Ratis drives it: writes timed on the leader from
 * startTransaction to apply (or rejection, or loss of leadership) and counted once per command; reads
 * timed in query(); applies measured on every replica.
 */
@Timeout(30)
class KvStateMachineMetricsTest {
  private static final RaftGroupId GROUP = RaftGroupId.randomId();
  private static final ClientId CLIENT = ClientId.randomId();

  @TempDir
  Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final KvMetrics metrics = new KvMetrics(registry);
  private KvStateMachine sm;
  private long nextIndex = 1;

  @BeforeEach
  void open() throws IOException {
    sm = new KvStateMachine(RocksKvEngine.factory(dir.resolve("store")), RequestLimits.DEFAULTS,
        new BackupSessions(dir.resolve("backups")), metrics);
    sm.openStore("n1");
  }

  @AfterEach
  void close() {
    sm.close();
  }

  private TransactionContext start(LogEntryPayload payload) throws IOException {
    RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(CLIENT)
        .setServerId(RaftPeerId.valueOf("n1")).setGroupId(GROUP).setCallId(nextIndex)
        .setType(RaftClientRequest.writeRequestType()).setMessage(ProtoCodec.toRatis(payload)).build();
    return sm.startTransaction(request);
  }

  private LogEntryProto append(TransactionContext trx) {
    return trx.initLogEntry(1, nextIndex++);
  }

  private double requests(String op, String status) {
    Counter c = registry.find(MetricNames.REQUESTS).tag("op", op).tag("status", status).counter();
    return c == null ? 0 : c.count();
  }

  private long latencies(String op, String status) {
    Timer t = registry.find(MetricNames.REQUEST_DURATION).tag("op", op).tag("status", status).timer();
    return t == null ? 0 : t.count();
  }

  @Test
  void aWriteIsInFlightFromStartToApplyAndCountedPerCommand() throws IOException {
    TransactionContext trx = start(payload(put("a", "1"), put("b", "2"), delete("missing")));
    append(trx);
    assertThat(metrics.inFlight()).isEqualTo(3);

    sm.applyTransaction(trx).join();

    assertThat(metrics.inFlight()).isZero();
    assertThat(requests("put", "ok")).isEqualTo(2);
    assertThat(requests("delete", "ok")).isEqualTo(1);
    assertThat(latencies("put", "ok")).isEqualTo(2);
    assertThat(registry.find(MetricNames.APPLY_DURATION).timer().count()).isEqualTo(1);
    assertThat(registry.find(MetricNames.APPLY_BATCH).summary().totalAmount()).isEqualTo(3);
  }

  @Test
  void aRejectedWriteIsCountedWithItsStatusWhenRatisCancelsIt() throws IOException {
    TransactionContext trx = start(LogEntryPayload.getDefaultInstance());
    assertThat(trx.getException()).isNotNull();

    trx.cancelTransaction();

    assertThat(metrics.inFlight()).isZero();
    assertThat(requests("unknown", "invalid_argument")).isEqualTo(1);
    assertThat(registry.find(MetricNames.APPLY_DURATION).timer().count()).isZero();
  }

  @Test
  void writesPendingWhenLeadershipIsLostCountOnceAsUnavailable() throws IOException {
    TransactionContext trx = start(payload(put("a", "1")));
    append(trx);

    sm.notifyNotLeader(List.of(trx));
    sm.applyTransaction(trx).join();

    assertThat(metrics.inFlight()).isZero();
    assertThat(requests("put", "unavailable")).isEqualTo(1);
    assertThat(requests("put", "ok")).as("not counted a second time when applied later").isZero();
    assertThat(registry.find(MetricNames.APPLY_DURATION).timer().count()).isEqualTo(1);
  }

  @Test
  void aFollowerMeasuresAppliesButServesNoWriteRequests() throws IOException {
    LogEntryProto entry = append(start(payload(put("a", "1"))));
    KvMetrics followerMetrics = new KvMetrics(new SimpleMeterRegistry());
    KvStateMachine follower = new KvStateMachine(RocksKvEngine.factory(dir.resolve("follower")),
        RequestLimits.DEFAULTS, new BackupSessions(dir.resolve("follower-backups")), followerMetrics);
    follower.openStore("n2");
    try {
      follower.applyTransaction(TransactionContext.newBuilder().setStateMachine(follower)
          .setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build()).join();

      assertThat(followerMetrics.registry().find(MetricNames.APPLY_DURATION).timer().count()).isEqualTo(1);
      assertThat(followerMetrics.registry().find(MetricNames.REQUESTS).counters()).isEmpty();
      assertThat(followerMetrics.inFlight()).isZero();
    } finally {
      follower.close();
    }
  }

  @Test
  void readsAreCountedByOperationAndStatus() {
    sm.query(ProtoCodec.toRatis(ReadQuery.newBuilder().setRange(rangeRequest("a", null)).build())).join();
    sm.query(ProtoCodec.toRatis(ReadQuery.newBuilder().setRange(rangeRequest("", null)).build())).join();
    sm.query(Message.valueOf(ByteString.copyFromUtf8("not a query"))).join();

    assertThat(requests("range", "ok")).isEqualTo(1);
    assertThat(requests("range", "invalid_argument")).as("empty key").isEqualTo(1);
    assertThat(requests("unknown", "invalid_argument")).isEqualTo(1);
    assertThat(metrics.inFlight()).isZero();
  }

  @Test
  void leaderChangesAreCounted() {
    sm.notifyLeaderChanged(null, RaftPeerId.valueOf("n2"));
    assertThat(registry.find(MetricNames.LEADER_CHANGES).counter().count()).isEqualTo(1);
  }
}
