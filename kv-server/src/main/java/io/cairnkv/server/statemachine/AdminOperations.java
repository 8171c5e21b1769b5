package io.cairnkv.server.statemachine;

import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.proto.AdminRequest;
import io.cairnkv.proto.AdminResponse;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.WireStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.server.RaftServer;

/**
 * Runs cluster administration (membership, leadership transfer, snapshots) that arrived as an
 * authorized {@link AdminRequest}, through this member's own Raft server. Clients use this path rather
 * than Ratis' admin service, which carries no credentials and is closed while auth is enabled (see
 * {@code io.cairnkv.server.auth.IdentityInterceptor}). Every run is recorded in the audit log. Thread-safe.
 */
final class AdminOperations {
  private static final long DEFAULT_TIMEOUT_MS = 10_000;
  private static final long MAX_TIMEOUT_MS = 120_000;
  private static final java.util.regex.Pattern MEMBER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final KvStateMachine stateMachine;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  AdminOperations(KvStateMachine stateMachine) {
    this.stateMachine = stateMachine;
  }

  /** Runs {@code query}'s admin request (already authorized) on behalf of {@code caller}. */
  CompletableFuture<ReadResult> run(ReadQuery query, String caller) {
    AdminRequest request = query.getAdmin();
    String what = describe(query);
    CompletableFuture<ReadResult> result;
    try {
      result = start(request).handle((reply, failure) -> toResult(reply, failure, what));
    } catch (IllegalArgumentException e) {
      result = CompletableFuture.completedFuture(failed(WireStatus.INVALID_ARGUMENT, what + ": " + e.getMessage()));
    } catch (IllegalStateException e) {
      result = CompletableFuture.completedFuture(failed(WireStatus.UNAVAILABLE, what + ": " + e.getMessage()));
    } catch (Exception e) {
      result = CompletableFuture.completedFuture(failed(WireStatus.UNAVAILABLE, what + " failed: " + e));
    }
    return result.whenComplete((r, e) -> stateMachine.auth().audit(caller, what,
        r == null ? "INTERNAL" : r.getStatus().name(), r == null ? String.valueOf(e) : r.getError()));
  }

  private CompletableFuture<RaftClientReply> start(AdminRequest request) throws Exception {
    RaftServer server = stateMachine.getServer().getNow(null);
    if (server == null) {
      throw new IllegalStateException("this member runs no Raft server yet");
    }
    RaftGroupId group = stateMachine.getGroupId();
    RaftPeerId self = server.getId();
    long timeoutMs = request.getTimeoutMs() > 0 ? Math.min(request.getTimeoutMs(), MAX_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
    long callId = callIds.incrementAndGet();
    Collection<RaftPeer> members = server.getDivision(group).getRaftConf().getCurrentPeers();
    switch (request.getRequestCase()) {
      case ADD_MEMBER: {
        String id = request.getAddMember().getId();
        if (!MEMBER_ID.matcher(id).matches()) {
          throw new IllegalArgumentException("member id '" + id + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        Endpoint address = Endpoint.parse(request.getAddMember().getAddress()); // IllegalArgumentException names it
        if (members.stream().anyMatch(p -> p.getId().toString().equals(id))) {
          throw new IllegalArgumentException("member " + id + " is already in the cluster " + members);
        }
        RaftPeer peer = RaftPeer.newBuilder().setId(id).setAddress(address.address()).build();
        return server.setConfigurationAsync(new SetConfigurationRequest(clientId, self, group, callId,
            SetConfigurationRequest.Arguments.newBuilder().setServersInNewConf(List.of(peer))
                .setMode(SetConfigurationRequest.Mode.ADD).build()));
      }
      case REMOVE_MEMBER: {
        String id = request.getRemoveMember().getName();
        Collection<RaftPeer> current = members;
        List<RaftPeer> next = new ArrayList<>();
        current.stream().filter(p -> !p.getId().toString().equals(id)).forEach(next::add);
        if (next.size() == current.size()) {
          throw new IllegalArgumentException("member " + id + " is not in the cluster " + current);
        }
        return server.setConfigurationAsync(new SetConfigurationRequest(clientId, self, group, callId,
            SetConfigurationRequest.Arguments.newBuilder().setServersInNewConf(next)
                .setServersInCurrentConf(new ArrayList<>(current))
                .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build()));
      }
      case TRANSFER_LEADERSHIP:
        if (members.stream().noneMatch(p -> p.getId().toString().equals(request.getTransferLeadership().getName()))) {
          throw new IllegalArgumentException("member " + request.getTransferLeadership().getName()
              + " is not in the cluster " + members);
        }
        return server.transferLeadershipAsync(new TransferLeadershipRequest(clientId, self, group, callId,
            RaftPeerId.valueOf(request.getTransferLeadership().getName()), timeoutMs));
      case CREATE_SNAPSHOT:
        // Creation gap 1: a snapshot whenever anything was applied since the last one (Ratis' default gap
        // of 1024 entries would silently return the old snapshot's index).
        return server.snapshotManagementAsync(SnapshotManagementRequest.newCreate(clientId, self, group, callId,
            timeoutMs, 1));
      default:
        throw new IllegalArgumentException("empty admin request");
    }
  }

  private static ReadResult toResult(RaftClientReply reply, Throwable failure, String what) {
    if (failure != null) {
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      return failed(WireStatus.UNAVAILABLE, what + " failed: " + cause);
    }
    if (reply.getException() instanceof NotLeaderException) {
      // UNAVAILABLE: the client retries, and its linearizable path finds the leader.
      return failed(WireStatus.UNAVAILABLE, what + " must run on the leader: " + reply.getException().getMessage());
    }
    if (reply.getException() instanceof LeaderNotReadyException
        || reply.getException() instanceof LeaderSteppingDownException
        || reply.getException() instanceof ReconfigurationInProgressException) {
      // Transient, and nothing was done: a new leader has not committed its first entry yet, leadership is
      // moving, or an earlier membership change is still being committed. The client asks again.
      return failed(WireStatus.UNAVAILABLE, what + " cannot run yet: " + reply.getException().getMessage());
    }
    if (reply.getException() != null) {
      return failed(WireStatus.FAILED_PRECONDITION, what + " failed: " + reply.getException().getMessage());
    }
    if (!reply.isSuccess()) {
      return failed(WireStatus.FAILED_PRECONDITION, what + " was refused by " + reply.getServerId());
    }
    return ReadResult.newBuilder().setStatus(WireStatus.OK)
        .setAdmin(AdminResponse.newBuilder().setSnapshotIndex(reply.getLogIndex())).build();
  }

  private static ReadResult failed(WireStatus status, String message) {
    return ReadResult.newBuilder().setStatus(status).setError(message).build();
  }

  /** A one-line description of an admin or maintenance query, for the audit log. */
  static String describe(ReadQuery query) {
    switch (query.getQueryCase()) {
      case ADMIN: {
        AdminRequest r = query.getAdmin();
        switch (r.getRequestCase()) {
          case ADD_MEMBER: return "member add " + r.getAddMember().getId() + " " + r.getAddMember().getAddress();
          case REMOVE_MEMBER: return "member remove " + r.getRemoveMember().getName();
          case TRANSFER_LEADERSHIP: return "leader transfer " + r.getTransferLeadership().getName();
          case CREATE_SNAPSHOT: return "snapshot create";
          default: return "empty admin request";
        }
      }
      case BACKUP_BEGIN: return "backup begin";
      case BACKUP_CHUNK: return "backup chunk";
      case BACKUP_END: return "backup end";
      case HASH: return "hash";
      default: return query.getQueryCase().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
