package io.cairnkv.client.internal;

import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.StatusCode;
import io.cairnkv.client.internal.tls.TlsMaterial;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.StaleReadException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.ExponentialBackoffRetry;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/**
 * Sends CairnKV requests over Ratis' gRPC client and turns every failure into a {@link KvException}.
 *
 * <p>Writes go through one ordered Ratis client whose bounded retry policy keeps the same call id
 * across retries, so the servers' retry cache applies a retried write once. Serializable reads and
 * admin queries use a second client without retries and try the endpoints in turn. Thread-safe.
 */
public final class RatisTransport implements AutoCloseable {
  /** Longest single attempt; a request that outlives it is retried (with the same call id for writes). */
  private static final TimeDuration ATTEMPT_TIMEOUT = TimeDuration.valueOf(3, TimeUnit.SECONDS);
  private static final TimeDuration BACKOFF_BASE = TimeDuration.valueOf(50, TimeUnit.MILLISECONDS);
  private static final TimeDuration BACKOFF_MAX = TimeDuration.valueOf(1, TimeUnit.SECONDS);

  private final RaftGroupId groupId;
  private final List<RaftPeer> endpointPeers;
  private final Duration requestTimeout;
  /**
   * Ratis' ordered async API closes a client's request window for good once a request exhausts its
   * retries (every later request fails with AlreadyClosedException), so a client that failed that way is
   * replaced by a fresh one; otherwise a cluster outage longer than one deadline would break this
   * transport forever.
   */
  private final RenewableClient writer;
  private final RenewableClient direct;
  /**
   * Completes the replies of reads sent to one member. Ratis completes a reply while it holds that member's
   * sliding-window lock, and a callback that sends to another member needs that member's lock: two such
   * callbacks on two threads deadlock (seen with serializable reads coalesced across three members). Replies
   * of the writer's single leader window may complete inline: once these never do, no thread holding a
   * window lock waits for another.
   */
  private final ExecutorService memberReplies = Executors.newFixedThreadPool(2, daemonThreads("cairnkv-member-replies"));
  private final RenewableClient adminClient;
  private volatile TokenSource tokens = TokenSource.NONE;
  private volatile boolean closed;
  private final AtomicInteger nextEndpoint = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

  /**
   * Connects lazily to {@code endpoints} of the cluster named {@code clusterName}.
   *
   * @param requestTimeout deadline of each request, retries included
   */
  public RatisTransport(List<Endpoint> endpoints, String clusterName, Duration requestTimeout) {
    this(endpoints, clusterName, requestTimeout, null);
  }

  /**
   * Connects lazily to {@code endpoints} of the cluster named {@code clusterName}, over TLS when
   * {@code tls} is not null (mutual TLS when it carries an own certificate).
   *
   * @param requestTimeout deadline of each request, retries included
   */
  public RatisTransport(List<Endpoint> endpoints, String clusterName, Duration requestTimeout, TlsMaterial tls) {
    this.groupId = ClusterIds.groupId(clusterName);
    this.requestTimeout = requestTimeout;
    this.endpointPeers = new ArrayList<>();
    for (Endpoint e : endpoints) {
      // Without an id we name the peer by its address; the first NotLeaderException tells us the real ids.
      String id = e.id().orElse("endpoint-" + e.host() + "-" + e.port());
      endpointPeers.add(RaftPeer.newBuilder().setId(id).setAddress(e.address()).build());
    }
    RaftGroup group = RaftGroup.valueOf(groupId, endpointPeers);
    int attempts = (int) Math.max(3, requestTimeout.toMillis() / BACKOFF_MAX.toLong(TimeUnit.MILLISECONDS) + 4);
    RetryPolicy backoff = ExponentialBackoffRetry.newBuilder()
        .setBaseSleepTime(BACKOFF_BASE).setMaxSleepTime(BACKOFF_MAX).setMaxAttempts(attempts).build();
    Parameters parameters = new Parameters();
    if (tls != null) {
      // One config for Ratis' client, admin and (unused here) server channels.
      GrpcConfigKeys.TLS.setConf(parameters, new GrpcTlsConfig(tls.keyManager(), tls.trustManager(),
          tls.keyManager() != null));
    }
    this.writer = new RenewableClient(() -> newClient(group, backoff, parameters, ATTEMPT_TIMEOUT));
    this.direct = new RenewableClient(() -> newClient(group, RetryPolicies.noRetry(), parameters, ATTEMPT_TIMEOUT));
    TimeDuration adminTimeout = TimeDuration.valueOf(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    this.adminClient = new RenewableClient(() -> newClient(group, RetryPolicies.noRetry(), parameters, adminTimeout));
  }

  /** Where the token attached to every request comes from; {@link TokenSource#NONE} by default. */
  public void tokens(TokenSource tokens) {
    this.tokens = tokens;
  }

  private static RaftClient newClient(RaftGroup group, RetryPolicy retryPolicy, Parameters parameters,
      TimeDuration attemptTimeout) {
    RaftProperties properties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, attemptTimeout);
    ClientId clientId = ClientId.randomId();
    return RaftClient.newBuilder()
        .setClientId(clientId)
        .setProperties(properties)
        .setRaftGroup(group)
        .setRetryPolicy(retryPolicy)
        .setClientRpc(new GrpcFactory(parameters).newRaftClientRpc(clientId, properties))
        .build();
  }

  /** Appends {@code payload} to the Raft log and returns the state machine's results once applied. */
  public CompletableFuture<LogEntryResult> write(LogEntryPayload payload) {
    // Only a refusal before the log is retried with a new token: such a write had no effect.
    return withToken(token -> send(token.isEmpty() ? payload : payload.toBuilder().setToken(token).build()),
        r -> false);
  }

  private CompletableFuture<LogEntryResult> send(LogEntryPayload payload) {
    RaftClient client = writer.get();
    CompletableFuture<RaftClientReply> reply = writer.renewOnFatal(client, client.async().send(ProtoCodec.toRatis(payload)));
    return finish(reply, true).thenApply(m -> ProtoCodec.parse(LogEntryResult::parseFrom, ProtoCodec.content(m)));
  }

  /**
   * Runs a linearizable read (Raft ReadIndex, on the leader or a follower). Reads have no side effect,
   * so transient failures (no leader known yet, leader changing) are retried with backoff until the
   * deadline; Ratis' own retries do not cover a ReadIndex failure.
   */
  public CompletableFuture<ReadResult> readLinearizable(ReadQuery query) {
    return withToken(token -> readWithoutToken(withToken(query, token)), RatisTransport::refusedCredentials);
  }

  /** A linearizable read sent as it is, without the token source (which uses it to authenticate). */
  public CompletableFuture<ReadResult> readWithoutToken(ReadQuery query) {
    return readLinearizable(ProtoCodec.toRatis(query), System.nanoTime() + requestTimeout.toNanos(), 0);
  }

  /**
   * Sends a request with the current token; if a server refuses the token itself (expired, or the
   * password changed), obtains a new one and sends the request once more. Such a refusal means the
   * request had no effect, so the repetition is safe.
   */
  private <T> CompletableFuture<T> withToken(java.util.function.Function<String, CompletableFuture<T>> send,
      java.util.function.Predicate<T> refusedCredentials) {
    TokenSource source = tokens;
    return source.token().thenCompose(token -> send.apply(token).handle((result, failure) -> {
      Throwable cause = failure == null ? null : unwrap(failure);
      boolean refused = failure == null ? refusedCredentials.test(result)
          : cause instanceof KvException && ((KvException) cause).code() == StatusCode.PERMISSION_DENIED
              && String.valueOf(cause.getMessage()).startsWith(TokenSource.CREDENTIALS_REFUSED);
      if (refused && !token.isEmpty() && source.invalidate(token)) {
        return source.token().thenCompose(send);
      }
      return failure == null ? CompletableFuture.completedFuture(result) : CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(f -> f));
  }

  private static ReadQuery withToken(ReadQuery query, String token) {
    return token.isEmpty() ? query : query.toBuilder().setToken(token).build();
  }

  private static boolean refusedCredentials(ReadResult result) {
    return result.getStatus() == io.cairnkv.proto.WireStatus.PERMISSION_DENIED
        && result.getError().startsWith(TokenSource.CREDENTIALS_REFUSED);
  }

  private CompletableFuture<ReadResult> readLinearizable(Message message, long deadlineNanos, int attempt) {
    RaftClient client = writer.get();
    CompletableFuture<RaftClientReply> reply = writer.renewOnFatal(client, client.async().sendReadOnly(message));
    return finish(reply, false)
        .thenApply(m -> ProtoCodec.parse(ReadResult::parseFrom, ProtoCodec.content(m)))
        .handle((result, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(result);
          }
          Throwable cause = unwrap(failure);
          long backoffMillis = Math.min(BACKOFF_MAX.toLong(TimeUnit.MILLISECONDS),
              BACKOFF_BASE.toLong(TimeUnit.MILLISECONDS) << Math.min(attempt, 5));
          boolean retryable = cause instanceof KvException
              && (((KvException) cause).code() == StatusCode.UNAVAILABLE
                  || ((KvException) cause).code() == StatusCode.RESOURCE_EXHAUSTED);
          if (!retryable || closed
              || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis) >= deadlineNanos) {
            return CompletableFuture.<ReadResult>failedFuture(cause);
          }
          return CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS))
              .thenCompose(ignored -> readLinearizable(message, deadlineNanos, attempt + 1));
        })
        .thenCompose(f -> f);
  }

  /** Runs a read on one replica's local state, trying the next endpoint if one fails, until the deadline. */
  public CompletableFuture<ReadResult> readSerializable(ReadQuery query) {
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    int start = Math.floorMod(nextEndpoint.getAndIncrement(), endpointPeers.size());
    return withToken(token -> readLocalFrom(withToken(query, token), start, 0, deadline, null),
        RatisTransport::refusedCredentials);
  }

  private CompletableFuture<ReadResult> readLocalFrom(ReadQuery query, int start, int tried, long deadline,
      Throwable last) {
    if (tried >= endpointPeers.size() || System.nanoTime() >= deadline) {
      return CompletableFuture.failedFuture(KvException.of(StatusCode.UNAVAILABLE,
          "no replica answered a serializable read (tried " + tried + " of " + endpointPeers.size()
              + " endpoints): " + describe(last), last));
    }
    RaftPeerId target = endpointPeers.get((start + tried) % endpointPeers.size()).getId();
    return readFrom(target, query, 0).handle((r, e) -> {
      if (e == null) {
        return CompletableFuture.completedFuture(r);
      }
      Throwable cause = unwrap(e);
      if (cause instanceof KvException && ((KvException) cause).code() == StatusCode.INVALID_ARGUMENT) {
        return CompletableFuture.<ReadResult>failedFuture(cause);
      }
      return readLocalFrom(query, start, tried + 1, deadline, cause);
    }).thenCompose(f -> f);
  }

  /** Runs a read on the local state of the member {@code member} only. */
  public CompletableFuture<ReadResult> readFrom(Member member, ReadQuery query) {
    direct.get().getClientRpc().addRaftPeers(List.of(RaftPeer.newBuilder().setId(member.id())
        .setAddress(member.address()).build()));
    // Whatever the member holds, even before it has learned the commit index (-1): status and hashes
    // describe that member, and a member that is still joining must be able to say so.
    return withToken(token -> readFrom(RaftPeerId.valueOf(member.id()), withToken(query, token), -1),
        RatisTransport::refusedCredentials);
  }

  private CompletableFuture<ReadResult> readFrom(RaftPeerId memberId, ReadQuery query, long minCommitIndex) {
    RaftClient client = direct.get();
    // Without retries, any failure closes the client's window to that member: renew on every failure.
    CompletableFuture<RaftClientReply> reply = client.async()
        .sendStaleRead(ProtoCodec.toRatis(query), minCommitIndex, memberId)
        .whenComplete((r, e) -> {
          if (e != null || (r != null && r.getException() != null)) {
            direct.renew(client);
          }
        });
    // handleAsync, not thenApplyAsync: a failure must leave Ratis' thread too (callers retry elsewhere).
    return finish(reply, false).handleAsync((m, failure) -> {
      if (failure != null) {
        throw failure instanceof CompletionException ? (CompletionException) failure : new CompletionException(failure);
      }
      return ProtoCodec.parse(ReadResult::parseFrom, ProtoCodec.content(m));
    }, memberReplies);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The cluster's voting members, as reported by the first endpoint that answers. */
  public List<Member> members() {
    Exception last = null;
    for (RaftPeer endpoint : endpointPeers) {
      try {
        GroupInfoReply info = direct.get().getGroupManagementApi(endpoint.getId()).info(groupId);
        if (info.getException() != null) {
          last = info.getException();
          continue;
        }
        List<Member> members = new ArrayList<>();
        for (RaftPeer peer : info.getGroup().getPeers()) {
          members.add(new Member(peer.getId().toString(), peer.getAddress()));
        }
        direct.get().getClientRpc().addRaftPeers(info.getGroup().getPeers());
        return members;
      } catch (IOException | RuntimeException e) {
        // Ratis' blocking admin API reports an unreachable endpoint as gRPC's unchecked StatusRuntimeException.
        last = e;
      }
    }
    throw KvException.of(StatusCode.UNAVAILABLE, "no endpoint answered a member list request: " + describe(last), last);
  }

  /**
   * Runs an admin request (an authorized {@link ReadQuery} with {@code admin} set) on {@code member}, with
   * one attempt that may take the whole request timeout: membership changes wait for a new member to
   * catch up, snapshots for the checkpoint. No retry here: the caller decides, since a retried membership
   * change is a new change.
   */
  public CompletableFuture<ReadResult> admin(Member member, ReadQuery query) {
    RaftClient client = adminClient.get();
    client.getClientRpc().addRaftPeers(List.of(RaftPeer.newBuilder().setId(member.id())
        .setAddress(member.address()).build()));
    return withToken(token -> {
      CompletableFuture<RaftClientReply> reply = client.async().sendStaleRead(ProtoCodec.toRatis(withToken(query, token)),
          0, RaftPeerId.valueOf(member.id())).whenComplete((r, e) -> {
            if (e != null || (r != null && r.getException() != null)) {
              adminClient.renew(client);
            }
          });
      return finish(reply, false).thenApply(m -> ProtoCodec.parse(ReadResult::parseFrom, ProtoCodec.content(m)));
    }, RatisTransport::refusedCredentials);
  }

  private CompletableFuture<Message> finish(CompletableFuture<RaftClientReply> reply, boolean isWrite) {
    return reply.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((r, e) -> {
          if (e != null) {
            throw mapFailure(unwrap(e), isWrite);
          }
          if (r.getException() != null) {
            throw mapFailure(r.getException(), isWrite);
          }
          if (!r.isSuccess()) {
            throw KvException.of(StatusCode.INTERNAL, "request failed without an exception at " + r.getServerId(), null);
          }
          return r.getMessage();
        });
  }

  private KvException mapFailure(Throwable e, boolean isWrite) {
    String outcome = isWrite ? "; the write may or may not have been applied" : "";
    if (e instanceof KvException) {
      return (KvException) e;
    }
    if (e instanceof StateMachineException) {
      Throwable cause = e.getCause();
      if (cause instanceof CommandRejectedException) {
        CommandRejectedException rejected = (CommandRejectedException) cause;
        return KvException.of(rejected.code(), rejected.reason(), null);
      }
      if (cause instanceof StaleReadException) {
        return KvException.of(StatusCode.UNAVAILABLE, "the member has not caught up with the cluster yet: "
            + cause.getMessage(), e);
      }
      return KvException.of(StatusCode.INTERNAL, "server failed the request: " + e.getMessage(), e);
    }
    if (e instanceof TimeoutException) {
      return KvException.of(StatusCode.DEADLINE_EXCEEDED, "no answer from the cluster within "
          + requestTimeout.toMillis() + " ms" + outcome, e);
    }
    if (e instanceof ResourceUnavailableException) {
      return KvException.of(StatusCode.RESOURCE_EXHAUSTED, "the leader is overloaded: " + e.getMessage(), e);
    }
    if (e instanceof RaftRetryFailureException) {
      return KvException.of(StatusCode.UNAVAILABLE, "the cluster did not answer after retries ("
          + describe(e.getCause()) + ")" + outcome, e);
    }
    if (e instanceof AlreadyClosedException) {
      if (closed) {
        return KvException.of(StatusCode.FAILED_PRECONDITION, "the client is closed", e);
      }
      // Ratis closes its per-server stream after a connection failure and reports that, not the cause.
      return KvException.of(StatusCode.UNAVAILABLE, "the member is unreachable (connection lost or refused)"
          + outcome, e);
    }
    return KvException.of(StatusCode.UNAVAILABLE, "request failed: " + describe(e) + outcome, e);
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String describe(Throwable e) {
    return e == null ? "no error recorded" : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public void close() {
    closed = true;
    writer.close();
    direct.close();
    adminClient.close();
    memberReplies.shutdown();
  }

  /** A Ratis client that is replaced once it has become unusable. */
  private final class RenewableClient {
    private final java.util.function.Supplier<RaftClient> factory;
    private final java.util.concurrent.atomic.AtomicReference<RaftClient> current;

    RenewableClient(java.util.function.Supplier<RaftClient> factory) {
      this.factory = factory;
      this.current = new java.util.concurrent.atomic.AtomicReference<>(factory.get());
    }

    RaftClient get() {
      return current.get();
    }

    /** Replaces {@code broken} (if it is still current) with a fresh client. */
    void renew(RaftClient broken) {
      if (closed) {
        return;
      }
      RaftClient fresh = factory.get();
      if (current.compareAndSet(broken, fresh)) {
        closeQuietly(broken);
      } else {
        closeQuietly(fresh);
      }
    }

    /** Renews the client if {@code reply} fails in a way that leaves it unusable. */
    CompletableFuture<RaftClientReply> renewOnFatal(RaftClient client, CompletableFuture<RaftClientReply> reply) {
      return reply.whenComplete((r, e) -> {
        Throwable cause = e == null ? null : unwrap(e);
        if (cause instanceof RaftRetryFailureException || cause instanceof AlreadyClosedException) {
          renew(client);
        }
      });
    }

    void close() {
      closeQuietly(current.get());
    }
  }

  private static void closeQuietly(RaftClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // Closing releases local resources only; nothing useful to do on failure.
    }
  }
}
