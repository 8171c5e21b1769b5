package io.cairnkv.server.statemachine;

import io.cairnkv.client.StatusCode;
import io.cairnkv.client.internal.CommandRejectedException;
import io.cairnkv.client.internal.ProtoCodec;
import io.cairnkv.client.internal.RequestLimits;
import io.cairnkv.proto.BackupChunkRequest;
import io.cairnkv.proto.BatchReadRequest;
import io.cairnkv.proto.BatchReadResponse;
import io.cairnkv.proto.BackupChunkResponse;
import io.cairnkv.proto.BackupEndResponse;
import io.cairnkv.proto.HashResponse;
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
import io.cairnkv.server.auth.AuthCommandApplier;
import io.cairnkv.server.auth.AuthGuard;
import io.cairnkv.server.auth.Authorizer;
import io.cairnkv.server.backup.BackupSessions;
import io.cairnkv.server.backup.ContentHasher;
import io.cairnkv.server.kv.RangeExecutor;
import io.cairnkv.server.kv.WriteApplier;
import io.cairnkv.server.metrics.KvMetrics;
import io.cairnkv.server.snapshot.SnapshotStore;
import io.cairnkv.server.storage.AppliedState;
import io.cairnkv.server.storage.EngineFactory;
import io.cairnkv.server.storage.KvEngine;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.KvWriteTxn;
import io.cairnkv.server.storage.StoreStats;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.util.LifeCycle;
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
 *
 * <p><b>Snapshots.</b> A snapshot is a store checkpoint at the last applied entry ({@link SnapshotStore}).
 * Installing one from the leader replaces the live store between {@link #pause()} and
 * {@link #reinitialize()}; a read-write lock keeps readers off the store while it is swapped.
 *
 * <p><b>Metrics.</b> A write is timed on the leader from {@link #startTransaction} to its apply (or its
 * rejection or cancellation); a read is timed in {@link #query}. Both are counted by operation and status
 * in {@link KvMetrics}.
 */
public final class KvStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(KvStateMachine.class);

  private final EngineFactory engineFactory;
  private final RequestLimits limits;
  private final BackupSessions backups;
  private final KvMetrics metrics;
  private final AuthGuard auth;
  private final SnapshotStore snapshots = new SnapshotStore();
  private final AdminOperations admin = new AdminOperations(this);
  /** Readers hold the read lock while they use the store; swapping the store takes the write lock. */
  private final ReentrantReadWriteLock storeLock = new ReentrantReadWriteLock();
  private final AtomicLong entriesApplied = new AtomicLong();
  private final AtomicLong entriesSkipped = new AtomicLong();
  private final AtomicLong firstEntrySeen = new AtomicLong();
  private volatile KvEngine engine;
  private volatile String memberId = "";

  /**
   * A state machine whose metrics stay in memory.
   *
   * @param engineFactory opens the store, and replaces it from a snapshot
   * @param limits enforced on every command before it enters the log
   * @param backups serves backup sessions from this replica's store
   */
  public KvStateMachine(EngineFactory engineFactory, RequestLimits limits, BackupSessions backups) {
    this(engineFactory, limits, backups, KvMetrics.inMemory());
  }

  /**
   * @param engineFactory opens the store, and replaces it from a snapshot
   * @param limits enforced on every command before it enters the log
   * @param backups serves backup sessions from this replica's store
   * @param metrics where requests, applies and snapshots are measured
   */
  public KvStateMachine(EngineFactory engineFactory, RequestLimits limits, BackupSessions backups,
      KvMetrics metrics) {
    this(engineFactory, limits, backups, metrics, AuthGuard.withDefaults());
  }

  /**
   * @param engineFactory opens the store, and replaces it from a snapshot
   * @param limits enforced on every command before it enters the log
   * @param backups serves backup sessions from this replica's store
   * @param metrics where requests, applies and snapshots are measured
   * @param auth authenticates and authorizes every request
   */
  public KvStateMachine(EngineFactory engineFactory, RequestLimits limits, BackupSessions backups,
      KvMetrics metrics, AuthGuard auth) {
    this.engineFactory = engineFactory;
    this.limits = limits;
    this.backups = backups;
    this.metrics = metrics;
    this.auth = auth;
  }

  /** The payload {@link #startTransaction} parsed into {@code trx}, or null; for tests. */
  static LogEntryPayload parsedPayload(TransactionContext trx) {
    PendingWrite pending = PendingWrite.of(trx);
    return pending == null ? null : pending.payload();
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    memberId = server.getId().toString();
    auth.memberId(memberId);
    getLifeCycle().startAndTransition(() -> {
      snapshots.init(raftStorage);
      openStore();
    });
  }

  /**
   * Opens the store without a Ratis server, so that unit tests can drive {@link #startTransaction} and
   * {@link #applyTransaction} directly, the way Ratis does when it replays the log after a restart.
   */
  void openStore(String memberId) throws IOException {
    this.memberId = memberId;
    auth.memberId(memberId);
    openStore();
  }

  /**
   * Opens the live store, first rebuilding it from the latest snapshot if the store is behind it (a new
   * store, or one whose replacement was interrupted by a crash).
   */
  private void openStore() throws IOException {
    KvEngine opened = engineFactory.open();
    Optional<SnapshotStore.Snapshot> latest = snapshots.latest();
    if (latest.isPresent() && opened.appliedState().index() < latest.get().manifest().index()) {
      long behind = opened.appliedState().index();
      opened.close();
      LOG.info("Store of {} is at index {}, behind snapshot {}: rebuilding it from the snapshot", memberId, behind,
          latest.get().manifest().index());
      engineFactory.replaceWithCheckpoint(latest.get().directory());
      opened = engineFactory.open();
    }
    try (KvReader reader = opened.newReader()) {
      auth.load(reader);
    }
    engine = opened;
    AppliedState applied = opened.appliedState();
    latest.ifPresent(s -> updateLastAppliedTermIndex(s.termIndex()));
    LOG.info("State machine of {} ready: store applied up to index {} (term {}), revision {}; log entries "
        + "up to that index will be skipped when Ratis replays them", memberId, applied.index(), applied.term(),
        applied.revision());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  /** The store, for diagnostics and tests. */
  public KvEngine engine() {
    return engine;
  }

  /** Authentication and authorization of this replica. */
  public AuthGuard auth() {
    return auth;
  }

  /** The snapshots of this replica. */
  public SnapshotStore snapshots() {
    return snapshots;
  }

  /** Log entries applied to the store since this process started. */
  public long entriesApplied() {
    return entriesApplied.get();
  }

  /** Log entries Ratis replayed that the store already held, since this process started. */
  public long entriesSkipped() {
    return entriesSkipped.get();
  }

  /**
   * Size and compaction figures of the store; empty while the store is closed (being replaced by a
   * snapshot from the leader, or after close).
   */
  public Optional<StoreStats> storeStats() {
    storeLock.readLock().lock();
    try {
      KvEngine store = engine;
      return store == null ? Optional.empty() : Optional.of(store.stats());
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /**
   * Checks that the store answers a read (of its applied state). A store closed for a snapshot
   * installation counts as healthy: it reopens when the installation ends.
   *
   * @return why the store is not readable; empty when it is
   */
  public Optional<String> storeProblem() {
    storeLock.readLock().lock();
    try {
      KvEngine store = engine;
      if (store == null) {
        LifeCycle.State state = getLifeCycleState();
        return state == LifeCycle.State.PAUSED || state == LifeCycle.State.PAUSING
            || state == LifeCycle.State.STARTING
            ? Optional.empty() : Optional.of("store is closed (state machine " + state + ")");
      }
      try (KvReader reader = store.newReader()) {
        reader.appliedState();
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("store read failed: " + e.getMessage());
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /** Index of the first data entry Ratis handed to this state machine since start; 0 if none yet. */
  public long firstEntrySeen() {
    return firstEntrySeen.get();
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
    StatusCode rejection = StatusCode.INVALID_ARGUMENT;
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
    if (problem.isEmpty()) {
      AuthGuard.Admission admission = auth.admit(payload);
      if (admission.denied().isPresent()) {
        problem = admission.denied();
        rejection = StatusCode.PERMISSION_DENIED;
      } else if (admission.rewritten()) {
        // Passwords hashed, signing keys filled in: the log holds these bytes, never the client's.
        payload = admission.payload();
        builder.setLogData(org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations.unsafeWrap(
            payload.toByteArray()));
      }
    }
    KvMetrics.Request timing = metrics.start(payload == null ? 1 : Math.max(1, payload.getCommandsCount()));
    TransactionContext context = builder.setStateMachineContext(new PendingWrite(payload, timing)).build();
    StatusCode code = rejection;
    problem.ifPresent(p -> context.setException(CommandRejectedException.of(code, p)));
    return context;
  }

  /** Ratis gave up on a write before it entered the log: it was rejected above, or this member cannot lead. */
  @Override
  public TransactionContext cancelTransaction(TransactionContext trx) throws IOException {
    PendingWrite pending = PendingWrite.of(trx);
    if (pending != null) {
      pending.failed(PendingWrite.statusOf(trx.getException()));
    }
    return super.cancelTransaction(trx);
  }

  /** Leadership was lost with writes pending: their clients are told to retry at the new leader. */
  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) throws IOException {
    for (TransactionContext trx : pendingEntries) {
      PendingWrite pending = PendingWrite.of(trx);
      if (pending != null) {
        pending.failed("unavailable");
      }
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    metrics.leaderChanged();
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
    firstEntrySeen.compareAndSet(0, index);
    PendingWrite pending = PendingWrite.of(trx);
    if (index <= store.appliedState().index()) {
      // Replay after restart: the store already holds this entry's effects.
      entriesSkipped.incrementAndGet();
      updateLastAppliedTermIndex(term, index);
      if (pending != null) {
        pending.forget();
      }
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    LogEntryPayload payload = pending != null && pending.payload() != null ? pending.payload() : parseLogged(entry);
    long started = System.nanoTime();
    LogEntryResult.Builder results = LogEntryResult.newBuilder();
    try (KvWriteTxn txn = store.beginWrite()) {
      WriteApplier applier = new WriteApplier(txn, store.appliedState().revision(), memberId);
      AuthGuard.ApplyScope authScope = auth.beginApply(txn);
      for (WriteCommand command : payload.getCommandsList()) {
        // Checked here, at the command's place in the log, so every replica decides the same.
        Optional<String> denied = authScope.check(payload, command);
        if (denied.isPresent()) {
          results.addResults(applier.outcome(WireStatus.PERMISSION_DENIED, denied.get(), term, index));
        } else if (command.hasAuth()) {
          AuthCommandApplier.Outcome outcome = authScope.apply(payload, command.getAuth());
          results.addResults(applier.outcome(outcome.status(), outcome.message(), term, index));
        } else {
          results.addResults(applier.apply(command, term, index));
        }
      }
      // A storage failure here throws: Ratis then stops this server rather than let it skip an entry.
      applier.commit(term, index);
      authScope.committed();
    }
    entriesApplied.incrementAndGet();
    updateLastAppliedTermIndex(term, index);
    metrics.entryApplied(System.nanoTime() - started, payload.getCommandsCount());
    if (pending != null) {
      pending.applied(results);
    }
    return CompletableFuture.completedFuture(ProtoCodec.toRatis(results.build()));
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
    KvMetrics.Request timing = metrics.start(1);
    String op = "unknown";
    ReadResult result;
    try {
      ReadQuery query = ReadQuery.parseFrom(request.getContent().asReadOnlyByteBuffer());
      Authorizer.Caller caller;
      try {
        caller = auth.checkQuery(query);
      } catch (AuthGuard.Denied denied) {
        op = query.getQueryCase().name().toLowerCase(java.util.Locale.ROOT);
        if (query.hasAdmin() || query.hasHash() || query.hasBackupBegin()) {
          auth.audit(auth.callerName(query), AdminOperations.describe(query), "PERMISSION_DENIED", denied.getMessage());
        }
        result = error(WireStatus.PERMISSION_DENIED, denied.getMessage());
        timing.end();
        timing.count(op, result.getStatus().name());
        return reply(result);
      }
      switch (query.getQueryCase()) {
        case RANGE:
          op = "range";
          result = range(query.getRange());
          break;
        case BATCH:
          op = "batch";
          result = batch(query.getBatch(), caller);
          break;
        case STATUS:
          op = "status";
          result = status();
          break;
        case BACKUP_BEGIN:
        case BACKUP_CHUNK:
        case BACKUP_END:
          op = "backup";
          result = maintenance(query);
          break;
        case HASH:
          op = "hash";
          result = maintenance(query);
          break;
        case AUTH:
          op = "auth";
          result = authQuery(query);
          break;
        case ADMIN:
          timing.end();
          timing.count("admin", "OK");
          return admin.run(query, auth.callerName(query)).thenApply(r -> ProtoCodec.toRatis(r));
        default:
          result = error(WireStatus.INVALID_ARGUMENT, "empty read query");
      }
      if (query.hasHash() || query.hasBackupBegin()) {
        auth.audit(auth.callerName(query), AdminOperations.describe(query), result.getStatus().name(),
            result.getError());
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      result = error(WireStatus.INVALID_ARGUMENT, "request is not a valid CairnKV read: " + e.getMessage());
    } catch (RuntimeException e) {
      timing.end();
      timing.count(op, "internal");
      throw e;
    }
    timing.end();
    timing.count(op, result.getStatus().name());
    return reply(result);
  }

  private ReadResult authQuery(ReadQuery query) {
    AuthGuard.AuthAnswer answer = auth.answer(query.getAuth());
    if (answer.status() != WireStatus.OK) {
      return error(answer.status(), answer.error());
    }
    return ReadResult.newBuilder().setStatus(WireStatus.OK).setAuth(answer.response()).build();
  }

  private ReadResult range(RangeRequest request) {
    Optional<String> problem = limits.violation(request);
    if (problem.isPresent()) {
      return error(WireStatus.INVALID_ARGUMENT, problem.get());
    }
    storeLock.readLock().lock();
    try {
      KvEngine store = engine;
      if (store == null) {
        return error(WireStatus.UNAVAILABLE, "member " + memberId + " is installing a snapshot; retry");
      }
      try (KvReader reader = store.newReader()) {
        AppliedState at = reader.appliedState();
        return ReadResult.newBuilder().setStatus(WireStatus.OK).setHeader(header(at))
            .setRange(RangeExecutor.range(reader, request)).build();
      }
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /**
   * Every range of {@code request} from one snapshot of the store, each with its own status: one bad or
   * forbidden range fails alone. Linearizable when this query runs after a read index taken once the batch
   * arrived, which is after every read in it was invoked.
   *
   * @param caller the authenticated caller whose read rights each range is checked against; null when
   *     auth is off
   */
  private ReadResult batch(BatchReadRequest request, Authorizer.Caller caller) {
    storeLock.readLock().lock();
    try {
      KvEngine store = engine;
      if (store == null) {
        return error(WireStatus.UNAVAILABLE, "member " + memberId + " is installing a snapshot; retry");
      }
      BatchReadResponse.Builder out = BatchReadResponse.newBuilder();
      try (KvReader reader = store.newReader()) {
        ResponseHeader header = header(reader.appliedState());
        for (RangeRequest range : request.getRangesList()) {
          Optional<String> problem = limits.violation(range);
          Optional<String> denied = caller == null ? Optional.empty() : Authorizer.checkRange(caller, range);
          if (problem.isPresent()) {
            out.addResults(error(WireStatus.INVALID_ARGUMENT, problem.get()));
          } else if (denied.isPresent()) {
            out.addResults(error(WireStatus.PERMISSION_DENIED, denied.get()));
          } else {
            out.addResults(ReadResult.newBuilder().setStatus(WireStatus.OK).setHeader(header)
                .setRange(RangeExecutor.range(reader, range)).build());
          }
        }
      }
      return ReadResult.newBuilder().setStatus(WireStatus.OK).setBatch(out).build();
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /** Backup and hash requests: they read the whole store, under the store lock. */
  private ReadResult maintenance(ReadQuery query) {
    storeLock.readLock().lock();
    try {
      KvEngine store = engine;
      if (store == null) {
        return error(WireStatus.UNAVAILABLE, "member " + memberId + " is installing a snapshot; retry");
      }
      ReadResult.Builder out = ReadResult.newBuilder().setStatus(WireStatus.OK).setHeader(header(store.appliedState()));
      switch (query.getQueryCase()) {
        case BACKUP_BEGIN:
          return out.setBackupBegin(backups.begin(store, memberId)).build();
        case BACKUP_CHUNK:
          BackupChunkRequest c = query.getBackupChunk();
          return out.setBackupChunk(BackupChunkResponse.newBuilder().setData(com.google.protobuf.ByteString.copyFrom(
              backups.chunk(c.getBackupId(), c.getFile(), c.getOffset(), c.getMaxBytes())))).build();
        case BACKUP_END:
          backups.end(query.getBackupEnd().getBackupId());
          return out.setBackupEnd(BackupEndResponse.getDefaultInstance()).build();
        case HASH:
          try (KvReader reader = store.newReader()) {
            AppliedState at = reader.appliedState();
            ContentHasher.Result hash = ContentHasher.hash(reader);
            return out.setHeader(header(at)).setHash(HashResponse.newBuilder().setMemberId(memberId)
                .setRevision(at.revision()).setRaftIndex(at.index()).setKeyCount(hash.keyCount())
                .setSha256(com.google.protobuf.ByteString.copyFrom(hash.sha256()))).build();
          }
        default:
          return error(WireStatus.INVALID_ARGUMENT, "not a maintenance query");
      }
    } catch (IllegalArgumentException e) {
      return error(WireStatus.INVALID_ARGUMENT, e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Maintenance request {} failed on {}", query.getQueryCase(), memberId, e);
      return error(WireStatus.INTERNAL, query.getQueryCase() + " failed on " + memberId + ": " + e.getMessage());
    } finally {
      storeLock.readLock().unlock();
    }
  }

  private ReadResult status() {
    StatusResponse.Builder s = StatusResponse.newBuilder().setMemberId(memberId);
    AppliedState at;
    storeLock.readLock().lock();
    try {
      KvEngine store = engine;
      if (store == null) {
        return error(WireStatus.UNAVAILABLE, "member " + memberId + " is installing a snapshot; retry");
      }
      at = store.appliedState();
      s.setKeyCountEstimate(store.estimatedKeyCount());
    } finally {
      storeLock.readLock().unlock();
    }
    s.setRevision(at.revision()).setAppliedIndex(getLastAppliedTermIndex().getIndex());
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
    return CompletableFuture.completedFuture(ProtoCodec.toRatis(result));
  }

  // ---- snapshots

  @Override
  public long takeSnapshot() throws IOException {
    // Runs on the apply thread with no apply in progress, so the checkpoint is exactly the applied state.
    KvEngine store = engine;
    AppliedState at = store.appliedState();
    if (at.index() == 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    Optional<SnapshotStore.Snapshot> latest = snapshots.latest();
    if (latest.isPresent() && latest.get().manifest().index() == at.index()) {
      return at.index();
    }
    long started = System.nanoTime();
    SnapshotStore.Snapshot snapshot = snapshots.create(at.term(), at.index(), at.revision(), store::checkpoint);
    metrics.snapshotTaken(System.nanoTime() - started);
    LOG.info("Snapshot of {} taken at index {} (revision {}): {} files, {} bytes, in {} ms", memberId, at.index(),
        at.revision(), snapshot.manifest().files().size(), snapshot.manifest().totalBytes(),
        (System.nanoTime() - started) / 1_000_000);
    return at.index();
  }

  @Override
  public void pause() {
    LifeCycle lifeCycle = getLifeCycle();
    if (lifeCycle.getCurrentState() == LifeCycle.State.RUNNING) {
      lifeCycle.transition(LifeCycle.State.PAUSING);
      closeStore();
      lifeCycle.transition(LifeCycle.State.PAUSED);
    }
  }

  @Override
  public void reinitialize() throws IOException {
    LifeCycle lifeCycle = getLifeCycle();
    lifeCycle.transition(LifeCycle.State.STARTING);
    storeLock.writeLock().lock();
    try {
      snapshots.reload();
      openStore();
    } finally {
      storeLock.writeLock().unlock();
    }
    metrics.snapshotInstalled();
    lifeCycle.transition(LifeCycle.State.RUNNING);
  }

  private void closeStore() {
    storeLock.writeLock().lock();
    try {
      KvEngine store = engine;
      engine = null;
      if (store != null) {
        store.close();
      }
    } finally {
      storeLock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    backups.close();
    closeStore();
  }
}
