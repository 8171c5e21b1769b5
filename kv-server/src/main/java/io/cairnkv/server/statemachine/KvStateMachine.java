package io.cairnkv.server.statemachine;

import io.cairnkv.client.StatusCode;
import io.cairnkv.client.internal.CommandRejectedException;
import io.cairnkv.client.internal.RequestLimits;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.ResponseHeader;
import io.cairnkv.proto.StatusResponse;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.kv.RangeExecutor;
import io.cairnkv.server.kv.WriteApplier;
import io.cairnkv.server.storage.AppliedState;
import io.cairnkv.server.storage.KvEngine;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.KvWriteTxn;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis adapter of the store: validates commands before they enter the log, applies committed
 * entries through {@link WriteApplier}, and serves reads through {@link RangeExecutor}.
 *
 * <p><b>No double apply.</b> Ratis re-applies every entry after its latest snapshot on restart, but the
 * store is usually ahead of that. The store saves the applied (term, index) in the same atomic write as
 * the data, and entries at or below it are skipped here.
 */
public final class KvStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(KvStateMachine.class);

  private final Supplier<KvEngine> engineFactory;
  private final RequestLimits limits;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private volatile KvEngine engine;
  private volatile String memberId = "";

  /**
   * @param engineFactory opens the store; called from {@link #initialize}
   * @param limits enforced on every command before it enters the log
   */
  public KvStateMachine(Supplier<KvEngine> engineFactory, RequestLimits limits) {
    this.engineFactory = engineFactory;
    this.limits = limits;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    openStore(server.getId().toString());
  }

  /**
   * Opens the store. Split from {@link #initialize}, which needs a live {@link RaftServer} and its storage,
   * so that unit tests can drive {@link #startTransaction} and {@link #applyTransaction} directly, the way
   * Ratis does when it replays the log after a restart.
   */
  void openStore(String memberId) {
    this.memberId = memberId;
    engine = engineFactory.get();
    AppliedState applied = engine.appliedState();
    LOG.info("State machine of {} ready: store applied up to index {} (term {}), revision {}; log entries "
        + "up to that index will be skipped when Ratis replays them", memberId, applied.index(), applied.term(),
        applied.revision());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /** The store, for diagnostics and tests. */
  public KvEngine engine() {
    return engine;
  }

  // ---- writes

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext.Builder builder = TransactionContext.newBuilder()
        .setStateMachine(this)
        .setServerRole(RaftPeerRole.LEADER)
        .setClientRequest(request);
    ByteString content = request.getMessage().getContent();
    Optional<String> problem;
    LogEntryPayload payload = null;
    if (content.size() > limits.maxRequestBytes()) {
      problem = Optional.of("request is " + content.size() + " bytes, over the limit of " + limits.maxRequestBytes()
          + " (limits.request-max-bytes); split it into smaller requests");
    } else {
      try {
        payload = LogEntryPayload.parseFrom(content.asReadOnlyByteBuffer());
        problem = validate(payload);
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        problem = Optional.of("request is not a valid CairnKV write: " + e.getMessage());
      }
    }
    TransactionContext context = builder.setStateMachineContext(payload).build();
    problem.ifPresent(p -> context.setException(CommandRejectedException.of(StatusCode.INVALID_ARGUMENT, p)));
    return context;
  }

  private Optional<String> validate(LogEntryPayload payload) {
    if (payload.getCommandsCount() == 0) {
      return Optional.of("request holds no command");
    }
    for (WriteCommand command : payload.getCommandsList()) {
      Optional<String> problem = limits.violation(command);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    KvEngine store = engine;
    if (index <= store.appliedState().index()) {
      // Replay after restart: the store already holds this entry's effects.
      updateLastAppliedTermIndex(term, index);
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    LogEntryPayload payload = trx.getStateMachineContext() instanceof LogEntryPayload
        ? (LogEntryPayload) trx.getStateMachineContext()
        : parseLogged(entry);
    LogEntryResult.Builder results = LogEntryResult.newBuilder();
    try (KvWriteTxn txn = store.beginWrite()) {
      WriteApplier applier = new WriteApplier(txn, store.appliedState().revision(), memberId);
      for (WriteCommand command : payload.getCommandsList()) {
        results.addResults(applier.apply(command, term, index));
      }
      // A storage failure here throws: Ratis then stops this server rather than let it skip an entry.
      applier.commit(term, index);
    }
    updateLastAppliedTermIndex(term, index);
    return CompletableFuture.completedFuture(io.cairnkv.client.internal.ProtoCodec.toRatis(results.build()));
  }

  private LogEntryPayload parseLogged(LogEntryProto entry) {
    try {
      return LogEntryPayload.parseFrom(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      // Every replica holds the same bytes and fails the same way, so skipping keeps replicas identical.
      LOG.error("Log entry {} is not a CairnKV payload; applying it as a no-op", entry.getIndex(), e);
      return LogEntryPayload.newBuilder()
          .addCommands(WriteCommand.getDefaultInstance()).build();
    }
  }

  // ---- reads

  @Override
  public CompletableFuture<Message> query(Message request) {
    ReadQuery query;
    try {
      query = ReadQuery.parseFrom(request.getContent().asReadOnlyByteBuffer());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return reply(error(WireStatus.INVALID_ARGUMENT, "request is not a valid CairnKV read: " + e.getMessage()));
    }
    switch (query.getQueryCase()) {
      case RANGE: return reply(range(query.getRange()));
      case STATUS: return reply(status());
      default: return reply(error(WireStatus.INVALID_ARGUMENT, "empty read query"));
    }
  }

  private ReadResult range(RangeRequest request) {
    Optional<String> problem = limits.violation(request);
    if (problem.isPresent()) {
      return error(WireStatus.INVALID_ARGUMENT, problem.get());
    }
    try (KvReader reader = engine.newReader()) {
      AppliedState at = reader.appliedState();
      return ReadResult.newBuilder().setStatus(WireStatus.OK).setHeader(header(at))
          .setRange(RangeExecutor.range(reader, request)).build();
    }
  }

  private ReadResult status() {
    StatusResponse.Builder s = StatusResponse.newBuilder().setMemberId(memberId);
    AppliedState at = engine.appliedState();
    s.setRevision(at.revision()).setAppliedIndex(getLastAppliedTermIndex().getIndex())
        .setKeyCountEstimate(engine.estimatedKeyCount());
    try {
      RaftServer.Division division = getServer().get().getDivision(getGroupId());
      DivisionInfo info = division.getInfo();
      s.setRole(info.getCurrentRole().name()).setRaftTerm(info.getCurrentTerm())
          .setLeaderId(info.getLeaderId() == null ? "" : info.getLeaderId().toString())
          .setCommitIndex(division.getRaftLog().getLastCommittedIndex());
    } catch (Exception e) {
      return error(WireStatus.UNAVAILABLE, "member " + memberId + " cannot report its Raft state: " + e);
    }
    return ReadResult.newBuilder().setStatus(WireStatus.OK).setHeader(header(at)).setStatusResponse(s).build();
  }

  private ResponseHeader header(AppliedState at) {
    return ResponseHeader.newBuilder().setRevision(at.revision()).setMemberId(memberId)
        .setAppliedIndex(at.index()).setRaftTerm(at.term()).build();
  }

  private static ReadResult error(WireStatus status, String message) {
    return ReadResult.newBuilder().setStatus(status).setError(message).build();
  }

  private static CompletableFuture<Message> reply(ReadResult result) {
    return CompletableFuture.completedFuture(io.cairnkv.client.internal.ProtoCodec.toRatis(result));
  }

  @Override
  public void close() {
    KvEngine store = engine;
    if (store != null) {
      store.close();
      engine = null;
    }
  }
}
