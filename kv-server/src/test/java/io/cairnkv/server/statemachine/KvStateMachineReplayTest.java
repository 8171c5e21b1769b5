package io.cairnkv.server.statemachine;

import static io.cairnkv.proto.Compare.Result.EQUAL;
import static io.cairnkv.proto.Compare.Target.MOD_REVISION;
import static io.cairnkv.proto.Compare.Target.VERSION;
import static io.cairnkv.server.testing.Commands.compare;
import static io.cairnkv.server.testing.Commands.delete;
import static io.cairnkv.server.testing.Commands.payload;
import static io.cairnkv.server.testing.Commands.put;
import static io.cairnkv.server.testing.Commands.putOp;
import static io.cairnkv.server.testing.Commands.rangeRequest;
import static io.cairnkv.server.testing.Commands.txn;
import static io.cairnkv.server.testing.Stores.dump;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.client.internal.CommandRejectedException;
import io.cairnkv.client.internal.ProtoCodec;
import io.cairnkv.client.internal.RequestLimits;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.storage.AppliedState;
import io.cairnkv.server.backup.BackupSessions;
import io.cairnkv.server.storage.RocksKvEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.LogProtoUtils;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@link KvStateMachine} as Ratis does, without a server: the leader path (startTransaction, then
 * applyTransaction with the leader's context) and the replay path (applyTransaction of logged entries only),
 * and restarts that replay the whole log from index 1 over a store that is already ahead.
 */
@Timeout(60)
class KvStateMachineReplayTest {
  private static final RaftGroupId GROUP = RaftGroupId.randomId();
  private static final ClientId CLIENT = ClientId.randomId();

  @TempDir
  Path dir;
  private final List<LogEntryProto> log = new ArrayList<>();
  private final List<KvStateMachine> open = new ArrayList<>();
  private KvStateMachine sm;

  @AfterEach
  void closeAll() {
    open.forEach(KvStateMachine::close);
  }

  private KvStateMachine newMachine(String store) {
    try {
      return new KvStateMachine(RocksKvEngine.factory(dir.resolve(store)), RequestLimits.DEFAULTS,
          new BackupSessions(dir.resolve(store + "-backups")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private KvStateMachine start(String store) {
    KvStateMachine machine = newMachine(store);
    try {
      machine.openStore("n1");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    open.add(machine);
    return machine;
  }

  /** Closes the state machine and its store, then opens a new one on the same directory. */
  private void restart() {
    sm.close();
    sm = start("leader");
  }

  private static RaftClientRequest request(Message message) {
    return RaftClientRequest.newBuilder().setClientId(CLIENT).setServerId(RaftPeerId.valueOf("n1"))
        .setGroupId(GROUP).setCallId(1).setType(RaftClientRequest.writeRequestType()).setMessage(message).build();
  }

  private TransactionContext startTransaction(LogEntryPayload payload) {
    try {
      return sm.startTransaction(request(ProtoCodec.toRatis(payload)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The leader accepts the commands and appends them to the log at the next index, without applying. */
  private TransactionContext append(long term, WriteCommand... commands) {
    TransactionContext trx = startTransaction(payload(commands));
    assertThat(trx.getException()).isNull();
    log.add(trx.initLogEntry(term, log.size() + 1));
    return trx;
  }

  /** The leader appends the commands and applies them with its own context; returns the results. */
  private List<WriteResult> submit(long term, WriteCommand... commands) {
    return results(sm.applyTransaction(append(term, commands)).join());
  }

  /** A follower, or a restarted server, applies a logged entry with no leader context. */
  private static Message replay(KvStateMachine machine, LogEntryProto entry) {
    TransactionContext trx = TransactionContext.newBuilder().setStateMachine(machine)
        .setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build();
    return machine.applyTransaction(trx).join();
  }

  /** Replays the whole log from index 1, as Ratis does after a restart without a snapshot. */
  private static List<Message> replayAll(KvStateMachine machine, List<LogEntryProto> entries) {
    List<Message> replies = new ArrayList<>();
    for (LogEntryProto entry : entries) {
      replies.add(replay(machine, entry));
    }
    return replies;
  }

  private static List<WriteResult> results(Message reply) {
    try {
      return LogEntryResult.parseFrom(reply.getContent().asReadOnlyByteBuffer()).getResultsList();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("reply is not a LogEntryResult", e);
    }
  }

  /** Non-idempotent commands: version-bumping puts, CAS on version and mod revision, several per entry. */
  private void writeHistory() {
    submit(1, put("k", "a"));                                                    // 1: k v1, rev 1
    submit(1, put("k", "b"));                                                    // 2: k v2, rev 2
    List<WriteResult> cas = submit(1, txn(List.of(compare("k", VERSION, EQUAL, 2)),
        List.of(putOp("k", "c")), List.of(putOp("cas", "lost"))));               // 3: k v3, rev 3
    assertThat(cas.get(0).getTxn().getSucceeded()).isTrue();
    submit(2, put("n", "1"), put("n", "2"), delete("missing"), put("n", "3"));   // 4: revs 4, 5, 6
  }

  /** The rest of the history, logged by the leader but not applied before it stopped. */
  private void appendUnapplied() {
    append(2, txn(List.of(compare("k", MOD_REVISION, EQUAL, 3)),
        List.of(putOp("k", "d")), List.of(putOp("cas", "lost"))));                // 5: k v4, rev 7
    append(2, put("k", "e"), delete("n"));                                      // 6: revs 8, 9
  }

  private static final Map<String, String> AFTER_FOUR = Map.of("k", "c@1/3/v3", "n", "3@4/6/v3");
  private static final Map<String, String> AFTER_SIX = Map.of("k", "e@1/8/v5");

  @Test
  void replayOfAppliedEntriesAfterRestartChangesNothing() {
    sm = start("leader");
    writeHistory();
    assertThat(dump(sm.engine())).isEqualTo(AFTER_FOUR);
    AppliedState before = sm.engine().appliedState();
    assertThat(before).isEqualTo(new AppliedState(2, 4, 6));

    restart();
    List<Message> replies = replayAll(sm, log);

    assertThat(dump(sm.engine())).isEqualTo(AFTER_FOUR);
    assertThat(sm.engine().appliedState()).isEqualTo(before);
    assertThat(replies).allSatisfy(m -> assertThat(m.getContent().isEmpty()).isTrue());
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(2, 4));
  }

  @Test
  void replayAppliesEntriesBeyondTheStoreExactlyOnce() {
    sm = start("leader");
    writeHistory();
    appendUnapplied();
    restart();

    List<Message> replies = replayAll(sm, log);

    assertThat(dump(sm.engine())).isEqualTo(AFTER_SIX);
    assertThat(sm.engine().appliedState()).isEqualTo(new AppliedState(2, 6, 9));
    assertThat(replies.subList(0, 4)).allSatisfy(m -> assertThat(m.getContent().isEmpty()).isTrue());
    List<WriteResult> fifth = results(replies.get(4));
    assertThat(fifth.get(0).getTxn().getSucceeded()).as("CAS on mod revision 3").isTrue();
    assertThat(fifth.get(0).getHeader().getRevision()).isEqualTo(7);
    assertThat(results(replies.get(5))).extracting(r -> r.getHeader().getRevision()).containsExactly(8L, 9L);

    restart();
    replayAll(sm, log);
    assertThat(dump(sm.engine())).isEqualTo(AFTER_SIX);
    assertThat(sm.engine().appliedState()).isEqualTo(new AppliedState(2, 6, 9));
  }

  @Test
  void aFollowerReplayingTheLogOnceEndsIdenticalToTheLeader() {
    sm = start("leader");
    writeHistory();
    appendUnapplied();
    replayAll(sm, log.subList(4, log.size()));
    KvStateMachine follower = start("follower");

    replayAll(follower, log);

    assertThat(dump(follower.engine())).isEqualTo(dump(sm.engine())).isEqualTo(AFTER_SIX);
    assertThat(follower.engine().appliedState()).isEqualTo(sm.engine().appliedState());
  }

  @Test
  void undecodableLoggedEntryIsADeterministicNoOpThatStillAdvancesTheIndex() {
    sm = start("leader");
    submit(1, put("k", "a"));
    LogEntryProto garbage = LogProtoUtils.toLogEntryProto(LogProtoUtils.toStateMachineLogEntryProto(CLIENT, 9,
            org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto.Type.WRITE,
            UnsafeByteOperations.unsafeWrap(new byte[] {0x0a, 0x05, 0x01}), null), 1, 2);

    List<WriteResult> results = results(replay(sm, garbage));

    assertThat(results).extracting(WriteResult::getStatus).containsExactly(WireStatus.INVALID_ARGUMENT);
    assertThat(sm.engine().appliedState()).isEqualTo(new AppliedState(1, 2, 1));
    assertThat(dump(sm.engine())).isEqualTo(Map.of("k", "a@1/1/v1"));
  }

  @Test
  void readsAfterReplayReflectTheStore() throws Exception {
    sm = start("leader");
    writeHistory();
    restart();
    replayAll(sm, log);
    ReadQuery query = ReadQuery.newBuilder().setRange(rangeRequest("k", null)).build();

    ReadResult read = ReadResult.parseFrom(sm.query(ProtoCodec.toRatis(query)).join().getContent().toByteArray());

    assertThat(read.getStatus()).isEqualTo(WireStatus.OK);
    assertThat(read.getRange().getKvs(0).getValue()).isEqualTo(ByteString.copyFromUtf8("c"));
    assertThat(read.getRange().getKvs(0).getVersion()).isEqualTo(3);
    assertThat(read.getHeader().getRevision()).isEqualTo(6);
    assertThat(read.getHeader().getAppliedIndex()).isEqualTo(4);
  }

  // ---- validation before the log

  private CommandRejectedException rejection(LogEntryPayload payload) {
    return rejection(ProtoCodec.toRatis(payload));
  }

  private CommandRejectedException rejection(Message message) {
    TransactionContext trx;
    try {
      trx = sm.startTransaction(request(message));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(trx.getException()).isInstanceOf(CommandRejectedException.class);
    CommandRejectedException e = (CommandRejectedException) trx.getException();
    assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    return e;
  }

  @Test
  void startTransactionAcceptsAValidPayloadAndKeepsItForApply() {
    sm = start("leader");
    LogEntryPayload payload = payload(put("k", "v"));
    TransactionContext trx = startTransaction(payload);
    assertThat(trx.getException()).isNull();
    assertThat(trx.getServerRole()).isEqualTo(RaftPeerRole.LEADER);
    assertThat(KvStateMachine.parsedPayload(trx)).isEqualTo(payload);
  }

  @Test
  void startTransactionRejectsAnOversizeRequestNamingTheLimit() {
    sm = start("leader");
    WriteCommand big = put("k", "x".repeat(1024 * 1024));
    LogEntryPayload payload = payload(big, big, big, big, big);
    assertThat(rejection(payload).reason()).contains(payload.getSerializedSize() + " bytes", "limit of 4194304",
        "limits.request-max-bytes");
  }

  @Test
  void startTransactionRejectsACommandOverALimitNamingIt() {
    sm = start("leader");
    assertThat(rejection(payload(put("ok", "v"), put("k".repeat(8193), "v"))).reason())
        .contains("8193 bytes", "limits.key-max-bytes");
    assertThat(rejection(payload(put("k", "x".repeat(1024 * 1024 + 1)))).reason())
        .contains("1048577 bytes", "limits.value-max-bytes");
  }

  @Test
  void startTransactionRejectsEmptyPayloadsAndCommands() {
    sm = start("leader");
    assertThat(rejection(LogEntryPayload.getDefaultInstance()).reason()).contains("no command");
    assertThat(rejection(payload(WriteCommand.getDefaultInstance())).reason()).contains("empty write command");
  }

  @Test
  void startTransactionRejectsBytesThatAreNotAPayload() {
    sm = start("leader");
    Message garbage = Message.valueOf(UnsafeByteOperations.unsafeWrap(new byte[] {0x0a, 0x05, 0x01}));
    assertThat(rejection(garbage).reason()).contains("not a valid CairnKV write");
  }
}
