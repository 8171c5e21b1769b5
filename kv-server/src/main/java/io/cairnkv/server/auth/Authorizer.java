package io.cairnkv.server.auth;

import com.google.protobuf.ByteString;
import io.cairnkv.proto.Compare;
import io.cairnkv.proto.DeleteRangeRequest;
import io.cairnkv.proto.Permission;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RequestOp;
import io.cairnkv.proto.TxnRequest;
import io.cairnkv.proto.UserRecord;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.server.auth.PermissionMatcher.Access;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling, and may they do this? Pure functions of an {@link AuthView}, so a write checked at
 * apply time gets the same answer on every replica.
 *
 * <p>Identity, as in etcd: a token, if the request carries one; else the transport user (the client
 * certificate's CN, vouched for by the member that received the request, see {@link IdentityInterceptor});
 * without either the caller is anonymous and, with auth enabled, refused. A client can therefore act as
 * another user only with that user's token, never by naming it: the CN field is overwritten on arrival.
 */
public final class Authorizer {
  private Authorizer() {}

  /**
   * An authenticated caller.
   *
   * @param user the user name
   * @param root whether the user holds the root role (every right)
   * @param permissions what the user's roles grant
   */
  public record Caller(String user, boolean root, List<Permission> permissions) {}

  /** The caller, or why the credentials are refused. */
  public record Resolution(Caller caller, String problem) {}

  /**
   * Finds the caller of a request.
   *
   * @param token the request's token, empty if none
   * @param transportUser the certificate identity the receiving member saw, empty if none
   * @param nowMillis the local clock where the request enters (checks token expiry), or -1 at apply time
   */
  public static Resolution resolve(AuthView view, String token, String transportUser, long nowMillis) {
    String name;
    long generation = -1;
    if (!token.isEmpty()) {
      TokenService.Verification v = TokenService.verify(view.signingKey(), token, nowMillis);
      if (!v.ok()) {
        return new Resolution(null, "invalid credentials: " + v.problem());
      }
      name = v.claims().user();
      generation = v.claims().generation();
    } else if (!transportUser.isEmpty()) {
      name = transportUser;
    } else {
      return new Resolution(null, "authentication required: auth is enabled; pass a user and password "
          + "(kvctl --user, KvClient.Builder.credentials) or a client certificate");
    }
    Optional<UserRecord> user = view.user(name);
    if (user.isEmpty()) {
      return new Resolution(null, "invalid credentials: user '" + name + "' does not exist"
          + (token.isEmpty() ? " (the client certificate's CN names the user)" : ""));
    }
    if (generation >= 0 && generation != user.get().getGeneration()) {
      return new Resolution(null, "invalid credentials: the password of user '" + name
          + "' changed after the token was issued; authenticate again");
    }
    return new Resolution(new Caller(name, AuthView.isRoot(user.get()), view.permissionsOf(user.get())), null);
  }

  /** Why {@code caller} may not run {@code command}; empty if it may. */
  public static Optional<String> checkWrite(Caller caller, WriteCommand command) {
    if (caller.root()) {
      return Optional.empty();
    }
    switch (command.getCommandCase()) {
      case PUT:
        return put(caller, command.getPut());
      case DELETE_RANGE:
        return delete(caller, command.getDeleteRange());
      case TXN:
        return txn(caller, command.getTxn());
      case AUTH:
        return requireRoot(caller, "change users, roles or the auth switch");
      default:
        return Optional.empty(); // an empty command is rejected as such, with nothing to protect
    }
  }

  /** Why {@code caller} may not read {@code range}; empty if it may. */
  public static Optional<String> checkRange(Caller caller, RangeRequest range) {
    return caller.root() ? Optional.empty() : need(caller, Access.READ, range.getKey(), range.getRangeEnd());
  }

  /** Why {@code caller} may not do an admin operation described by {@code what}; empty for root. */
  public static Optional<String> requireRoot(Caller caller, String what) {
    return caller.root() ? Optional.empty()
        : Optional.of("user '" + caller.user() + "' may not " + what + ": that needs the root role");
  }

  private static Optional<String> txn(Caller caller, TxnRequest txn) {
    // Like etcd, both branches are checked whatever the compares say: the answer must not depend on data.
    for (Compare compare : txn.getCompareList()) {
      Optional<String> denied = need(caller, Access.READ, compare.getKey(), ByteString.EMPTY);
      if (denied.isPresent()) {
        return denied;
      }
    }
    for (List<RequestOp> branch : List.of(txn.getSuccessList(), txn.getFailureList())) {
      for (RequestOp op : branch) {
        Optional<String> denied;
        switch (op.getRequestCase()) {
          case PUT:
            denied = put(caller, op.getPut());
            break;
          case DELETE_RANGE:
            denied = delete(caller, op.getDeleteRange());
            break;
          case RANGE:
            denied = checkRange(caller, op.getRange());
            break;
          default:
            denied = Optional.empty();
        }
        if (denied.isPresent()) {
          return denied;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> put(Caller caller, PutRequest put) {
    Optional<String> denied = need(caller, Access.WRITE, put.getKey(), ByteString.EMPTY);
    if (denied.isEmpty() && put.getPrevKv()) {
      // prev_kv returns the old value: reading it needs READ too.
      return need(caller, Access.READ, put.getKey(), ByteString.EMPTY);
    }
    return denied;
  }

  private static Optional<String> delete(Caller caller, DeleteRangeRequest delete) {
    Optional<String> denied = need(caller, Access.WRITE, delete.getKey(), delete.getRangeEnd());
    if (denied.isEmpty() && delete.getPrevKv()) {
      // prev_kv returns the deleted values: reading them needs READ too.
      return need(caller, Access.READ, delete.getKey(), delete.getRangeEnd());
    }
    return denied;
  }

  private static Optional<String> need(Caller caller, Access access, ByteString key, ByteString rangeEnd) {
    if (PermissionMatcher.covers(caller.permissions(), access, key.toByteArray(), rangeEnd.toByteArray())) {
      return Optional.empty();
    }
    return Optional.of("user '" + caller.user() + "' lacks " + access + " permission on "
        + Describe.range(key, rangeEnd));
  }
}
