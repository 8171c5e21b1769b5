package io.cairnkv.client;

import io.cairnkv.client.internal.ClusterIds;
import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.client.internal.ProtoCodec;
import io.cairnkv.client.internal.RatisTransport;
import io.cairnkv.client.internal.ReadCoalescer;
import io.cairnkv.client.internal.StatusCodes;
import io.cairnkv.client.internal.TokenSource;
import io.cairnkv.client.internal.WriteCoalescer;
import io.cairnkv.client.internal.tls.TlsMaterial;
import io.cairnkv.proto.AddMember;
import io.cairnkv.proto.AdminRequest;
import io.cairnkv.proto.AdminResponse;
import io.cairnkv.proto.CreateSnapshot;
import io.cairnkv.proto.UserName;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.StatusRequest;
import io.cairnkv.proto.StatusResponse;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The CairnKV client: reads, writes and transactions against a replicated cluster.
 *
 * <p><b>Threading.</b> Thread-safe; share one instance per application. Async methods never block and
 * complete their futures on client threads: do not block inside their callbacks. Concurrently
 * outstanding requests are not ordered with respect to each other; wait for one to complete before
 * issuing one that must follow it.
 *
 * <p><b>Failover.</b> The client finds the leader by itself and follows leader changes. Each request has
 * a deadline ({@link Builder#requestTimeout}, default 10 s) that covers all its retries; a dead cluster
 * fails the call with {@link KvException.UnavailableException} or {@link KvException.DeadlineExceededException},
 * it never hangs.
 *
 * <p><b>Exactly once.</b> A write is retried under the same Raft call id, and every replica keeps a
 * retry cache keyed by that id, so a write retried across a leader failover is applied once. Limits: the
 * cache keeps entries for 60 s (server setting {@code raft.server.retrycache.expirytime}) and does not
 * survive a restart of every replica; a write that failed with DEADLINE_EXCEEDED or UNAVAILABLE may or
 * may not have been applied, and re-issuing it yourself is a new write. Use a {@link Txn} with a
 * compare on {@code modRevision} or {@code version} to make such re-issues safe.
 *
 * <p><b>Errors.</b> Every failure is a {@link KvException} whose {@link KvException#code()} is stable.
 * Sync methods throw it; async methods complete exceptionally with it. Arguments are never null.
 */
public final class KvClient implements AutoCloseable {
  /**
   * Coalesced write entries outstanding per client. Each Raft entry costs the servers about the same CPU
   * whatever it carries, so on small machines fewer, larger entries win; two keep the log pipeline busy
   * (one replicating while the next fills).
   */
  static final int WRITE_BATCHES_IN_FLIGHT = 2;
  /** Coalesced linearizable read requests outstanding per client (each one ReadIndex round). */
  static final int READ_BATCHES_IN_FLIGHT = 2;
  /**
   * Coalesced serializable read requests outstanding per client. Each goes to the next endpoint in turn,
   * so with three members every replica serves one batch at a time.
   */
  static final int SERIALIZABLE_BATCHES_IN_FLIGHT = 3;
  /** Most point reads answered by one read request. */
  static final int MAX_READ_BATCH = 512;

  private final RatisTransport transport;
  private final WriteCoalescer writes;
  private final Duration requestTimeout;
  private final AuthClient auth;
  private final ReadCoalescer linearizableGets;
  private final ReadCoalescer serializableGets;

  private KvClient(RatisTransport transport, boolean coalesce, Duration requestTimeout) {
    this.transport = transport;
    this.requestTimeout = requestTimeout;
    this.auth = new AuthClient(this, transport);
    this.writes = new WriteCoalescer(transport::write, coalesce ? WRITE_BATCHES_IN_FLIGHT : Integer.MAX_VALUE,
        coalesce ? 512 : 1, 1 << 20);
    this.linearizableGets = new ReadCoalescer(transport::readLinearizable,
        coalesce ? READ_BATCHES_IN_FLIGHT : Integer.MAX_VALUE, coalesce ? MAX_READ_BATCH : 1);
    this.serializableGets = new ReadCoalescer(transport::readSerializable,
        coalesce ? SERIALIZABLE_BATCHES_IN_FLIGHT : Integer.MAX_VALUE, coalesce ? MAX_READ_BATCH : 1);
  }

  /** A builder; at least the endpoints must be set. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- put

  /** Stores {@code value} at {@code key}. */
  public PutResult put(byte[] key, byte[] value) {
    return await(putAsync(key, value, false));
  }

  /** Stores UTF-8 {@code value} at UTF-8 {@code key}. */
  public PutResult put(String key, String value) {
    return put(utf8(key), utf8(value));
  }

  /** Stores {@code value} at {@code key}; with {@code prevKv}, the result carries the replaced key-value. */
  public CompletableFuture<PutResult> putAsync(byte[] key, byte[] value, boolean prevKv) {
    WriteCommand command = WriteCommand.newBuilder()
        .setPut(ProtoCodec.put(key.clone(), value.clone(), prevKv)).build();
    return write(command, r -> ProtoCodec.putResult(r.getHeader().getRevision(), r.getPut()));
  }

  // ---- get

  /** Reads one key, linearizably. */
  public GetResult get(byte[] key) {
    return get(key, GetOptions.DEFAULT);
  }

  /** Reads one UTF-8 key, linearizably. */
  public GetResult get(String key) {
    return get(utf8(key), GetOptions.DEFAULT);
  }

  /** Reads a key, a prefix or a range per {@code options}. */
  public GetResult get(byte[] key, GetOptions options) {
    return await(getAsync(key, options));
  }

  /** Reads a key, a prefix or a range per {@code options}. */
  public CompletableFuture<GetResult> getAsync(byte[] key, GetOptions options) {
    RangeRequest range = ProtoCodec.range(key.clone(), options);
    CompletableFuture<ReadResult> reply;
    boolean linearizable = options.consistency() == ReadConsistency.LINEARIZABLE;
    if (range.getRangeEnd().isEmpty()) {
      // Point reads share read requests; scans, whose results can be large, go alone.
      reply = (linearizable ? linearizableGets : serializableGets).submit(range);
    } else if (linearizable) {
      reply = transport.readLinearizable(ReadQuery.newBuilder().setRange(range).build());
    } else {
      reply = transport.readSerializable(ReadQuery.newBuilder().setRange(range).build());
    }
    return reply.thenApply(r -> {
      checkStatus(r.getStatus(), r.getError());
      return ProtoCodec.getResult(r.getHeader().getRevision(), r.getRange());
    });
  }

  // ---- delete

  /** Deletes one key. */
  public DeleteResult delete(byte[] key) {
    return delete(key, DeleteOptions.DEFAULT);
  }

  /** Deletes one UTF-8 key. */
  public DeleteResult delete(String key) {
    return delete(utf8(key), DeleteOptions.DEFAULT);
  }

  /** Deletes a key, a prefix or a range per {@code options}. */
  public DeleteResult delete(byte[] key, DeleteOptions options) {
    return await(deleteAsync(key, options));
  }

  /** Deletes a key, a prefix or a range per {@code options}. */
  public CompletableFuture<DeleteResult> deleteAsync(byte[] key, DeleteOptions options) {
    WriteCommand command = WriteCommand.newBuilder().setDeleteRange(ProtoCodec.delete(key.clone(), options)).build();
    return write(command, r -> ProtoCodec.deleteResult(r.getHeader().getRevision(), r.getDeleteRange()));
  }

  // ---- txn

  /** Runs a transaction atomically. */
  public TxnResult txn(Txn txn) {
    return await(txnAsync(txn));
  }

  /** Runs a transaction atomically. */
  public CompletableFuture<TxnResult> txnAsync(Txn txn) {
    WriteCommand command = WriteCommand.newBuilder().setTxn(ProtoCodec.txn(txn)).build();
    return write(command, r -> ProtoCodec.txnResult(r.getHeader().getRevision(), r.getTxn()));
  }

  // ---- cluster

  /** Users, roles, permissions and the auth switch. */
  public AuthClient auth() {
    return auth;
  }

  /** The cluster's voting members. */
  public List<Member> members() {
    return transport.members();
  }

  /** Asks {@code member} for its own view of the cluster: role, term, indexes and revision. */
  public MemberStatus status(Member member) {
    ReadQuery query = ReadQuery.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build();
    ReadResult r = await(transport.readFrom(member, query));
    checkStatus(r.getStatus(), r.getError());
    StatusResponse s = r.getStatusResponse();
    return new MemberStatus(s.getMemberId(), member.address(), s.getRole(), s.getLeaderId(), s.getRaftTerm(),
        s.getCommitIndex(), s.getAppliedIndex(), s.getRevision());
  }

  /**
   * Adds a voting member. Start the new server first, with {@code --peers} listing every member including
   * itself; it then receives the data from the leader. Blocks until the new configuration is committed.
   *
   * @param id the new member's id
   * @param address its host:port
   */
  public void addMember(String id, String address) {
    onLeader(AdminRequest.newBuilder().setAddMember(AddMember.newBuilder().setId(Objects.requireNonNull(id, "id"))
        .setAddress(Objects.requireNonNull(address, "address"))),
        () -> members().contains(new Member(id, address)));
  }

  /** Removes a voting member; fails with FAILED_PRECONDITION if membership changed meanwhile. */
  public void removeMember(String id) {
    onLeader(AdminRequest.newBuilder()
        .setRemoveMember(UserName.newBuilder().setName(Objects.requireNonNull(id, "id"))),
        () -> members().stream().noneMatch(m -> m.id().equals(id)));
  }

  /** Hands leadership to member {@code id}; blocks until it leads or the deadline passes. */
  public void transferLeadership(String id) {
    onLeader(AdminRequest.newBuilder()
        .setTransferLeadership(UserName.newBuilder().setName(Objects.requireNonNull(id, "id"))),
        () -> leader().id().equals(id));
  }

  /** Makes {@code member} take a Raft snapshot now and returns the log index it covers. */
  public long createSnapshot(Member member) {
    return runAdmin(member, AdminRequest.newBuilder().setCreateSnapshot(CreateSnapshot.getDefaultInstance()))
        .getSnapshotIndex();
  }

  /**
   * Runs an admin request on the leader. A member that is not (or no longer) the leader answers
   * UNAVAILABLE before doing anything, so the request is sent again to the leader found anew, until the
   * deadline. An UNAVAILABLE attempt may also have taken effect (the change committed after the member
   * gave up waiting), so when a later attempt is refused, {@code alreadyDone} decides whether the cluster
   * already is as asked: then the call succeeds, as a retry of the same change would.
   */
  private AdminResponse onLeader(AdminRequest.Builder request, java.util.function.BooleanSupplier alreadyDone) {
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    KvException last = null;
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      try {
        return runAdmin(leader(), request);
      } catch (KvException e) {
        if (e.code() != StatusCode.UNAVAILABLE) {
          if (last != null && isAlreadyDone(alreadyDone)) {
            return AdminResponse.getDefaultInstance();
          }
          throw e;
        }
        last = e;
      }
      try {
        Thread.sleep(Math.min(1000, 50L << Math.min(attempt, 4)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw KvException.of(StatusCode.UNAVAILABLE, "interrupted while waiting for a leader", e);
      }
    }
    throw last != null ? last : KvException.of(StatusCode.DEADLINE_EXCEEDED, "no leader within the deadline", null);
  }

  private static boolean isAlreadyDone(java.util.function.BooleanSupplier alreadyDone) {
    try {
      return alreadyDone.getAsBoolean();
    } catch (KvException unknown) {
      return false;
    }
  }

  /** The member that the first answering member names as leader. */
  private Member leader() {
    List<Member> members = members();
    for (Member m : members) {
      String leaderId;
      try {
        leaderId = status(m).leaderId();
      } catch (KvException unreachable) {
        continue;
      }
      for (Member candidate : members) {
        if (candidate.id().equals(leaderId)) {
          return candidate;
        }
      }
    }
    throw KvException.of(StatusCode.UNAVAILABLE, "no member knows a leader of " + members, null);
  }

  private AdminResponse runAdmin(Member member, AdminRequest.Builder request) {
    ReadQuery query = ReadQuery.newBuilder().setAdmin(request.setTimeoutMs(requestTimeout.toMillis())).build();
    ReadResult r = await(transport.admin(member, query));
    checkStatus(r.getStatus(), r.getError());
    return r.getAdmin();
  }

  /**
   * Opens a consistent copy of the leader's store for a backup, without stopping writes. Every write
   * acknowledged before this call is in the copy.
   *
   * @throws KvException.UnavailableException if no leader is known
   */
  public BackupSession openBackup() {
    for (Member member : members()) {
      MemberStatus status;
      try {
        status = status(member);
      } catch (KvException unreachable) {
        continue;
      }
      if (status.role().equals("LEADER")) {
        return openBackup(member);
      }
    }
    throw KvException.of(StatusCode.UNAVAILABLE, "no member reports itself leader; cannot take a backup", null);
  }

  /**
   * Opens a consistent copy of {@code member}'s store. A follower's copy may miss the latest writes; use
   * {@link #openBackup()} unless you need a particular member.
   */
  public BackupSession openBackup(Member member) {
    return RemoteBackupSession.open(transport, member);
  }

  /** Computes a digest of {@code member}'s content at its current revision. */
  public MemberHash hash(Member member) {
    ReadQuery query = ReadQuery.newBuilder().setHash(io.cairnkv.proto.HashRequest.getDefaultInstance()).build();
    ReadResult r = await(transport.readFrom(member, query));
    checkStatus(r.getStatus(), r.getError());
    io.cairnkv.proto.HashResponse h = r.getHash();
    StringBuilder hex = new StringBuilder();
    for (byte b : h.getSha256().toByteArray()) {
      hex.append(String.format("%02x", b));
    }
    return new MemberHash(h.getMemberId(), h.getRevision(), h.getRaftIndex(), h.getKeyCount(), hex.toString());
  }

  /** Releases every thread and connection. Outstanding requests fail. Idempotent. */
  @Override
  public void close() {
    transport.close();
  }

  <T> CompletableFuture<T> write(WriteCommand command, Function<WriteResult, T> convert) {
    return writes.submit(command).thenApply(r -> {
      checkStatus(r.getStatus(), r.getError());
      return convert.apply(r);
    });
  }

  static void checkStatus(WireStatus status, String error) {
    StatusCode code = StatusCodes.fromWire(status);
    if (code != StatusCode.OK) {
      throw KvException.of(code, error, null);
    }
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KvException.of(StatusCode.UNAVAILABLE, "interrupted while waiting for the cluster", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KvException) {
        throw (KvException) cause;
      }
      throw KvException.of(StatusCode.INTERNAL, "unexpected client failure: " + cause, cause);
    }
  }

  private static byte[] utf8(String s) {
    return Objects.requireNonNull(s, "key and value must not be null").getBytes(StandardCharsets.UTF_8);
  }

  /** Builder of {@link KvClient}; not thread-safe. */
  public static final class Builder {
    private List<Endpoint> endpoints;
    private String clusterName = ClusterIds.DEFAULT_CLUSTER;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private boolean coalesceWrites = true;
    private String user;
    private String password;
    private String token;
    private TlsConfig tls;

    private Builder() {}

    /**
     * Authenticates as {@code user} with {@code password}: the client obtains a token on first use,
     * attaches it to every request and obtains a new one before it expires. Needed once auth is enabled.
     */
    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      this.token = null;
      return this;
    }

    /**
     * Attaches {@code token} (from {@link AuthClient#authenticate}) to every request, as it is: once it
     * expires, requests fail with PERMISSION_DENIED. Prefer {@link #credentials} for long-lived clients.
     */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token");
      this.user = null;
      this.password = null;
      return this;
    }

    /**
     * Talk TLS to the servers, trusting the CA and (for mutual TLS) presenting the certificate in
     * {@code tls}; default: plaintext. The files are read when the client is built.
     */
    public Builder tls(TlsConfig tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Whether concurrent writes share Raft log entries, and concurrent linearizable point reads share one
     * ReadIndex round (default true). Each operation still gets its own result, revision and error, and
     * reads stay linearizable; turn it off only to measure its effect.
     */
    public Builder coalesceWrites(boolean coalesceWrites) {
      this.coalesceWrites = coalesceWrites;
      return this;
    }

    /**
     * The servers to contact: {@code host:port[,host:port...]}; each entry may carry the member id as
     * {@code id=host:port}, so a server's {@code --peers} value works as is. A subset is enough: the
     * client learns the rest from the cluster.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    public Builder endpoints(String endpoints) {
      this.endpoints = Endpoint.parseList(Objects.requireNonNull(endpoints, "endpoints"));
      return this;
    }

    /** The cluster name the servers were started with (default {@code cairnkv}). */
    public Builder clusterName(String clusterName) {
      this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
      return this;
    }

    /** Deadline of each request, retries included (default 10 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
      }
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Creates the client. Connections open lazily, so this succeeds even while the cluster is down.
     *
     * @throws IllegalArgumentException if a TLS file is missing, unreadable, malformed, or the key does not
     *     match the certificate (the message names the file)
     */
    public KvClient build() {
      if (endpoints == null) {
        throw new IllegalStateException("endpoints are required, e.g. 127.0.0.1:9001,127.0.0.1:9002");
      }
      TlsMaterial material = tls == null ? null : TlsMaterial.load(tls.trustedCaFile(), tls.certFile().orElse(null),
          tls.keyFile().orElse(null), Instant.now());
      RatisTransport transport = new RatisTransport(endpoints, clusterName, requestTimeout, material);
      KvClient client = new KvClient(transport, coalesceWrites, requestTimeout);
      if (token != null) {
        transport.tokens(TokenSource.fixed(token));
      } else if (user != null) {
        String name = user;
        String secret = password;
        transport.tokens(TokenSource.password(() -> client.auth.authenticateAsync(name, secret)));
      }
      return client;
    }
  }
}
