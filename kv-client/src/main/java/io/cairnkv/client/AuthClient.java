package io.cairnkv.client;

import com.google.protobuf.ByteString;
import io.cairnkv.client.internal.RatisTransport;
import io.cairnkv.client.internal.TokenSource;
import io.cairnkv.proto.AuthCommand;
import io.cairnkv.proto.AuthEnable;
import io.cairnkv.proto.AuthQuery;
import io.cairnkv.proto.AuthQueryResponse;
import io.cairnkv.proto.Authenticate;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.RolePermission;
import io.cairnkv.proto.UserAdd;
import io.cairnkv.proto.UserName;
import io.cairnkv.proto.UserRole;
import io.cairnkv.proto.WriteCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Users, roles, permissions and the auth switch of a cluster (etcd's RBAC model), obtained from
 * {@link KvClient#auth()}. Changes go through the Raft log and apply on every member; while auth is
 * enabled they need the root role. Errors are {@link KvException}s: PERMISSION_DENIED without the
 * right, FAILED_PRECONDITION for a missing or duplicate name (or {@link #enable()} without a root user),
 * INVALID_ARGUMENT for an empty name. Thread-safe.
 */
public final class AuthClient {
  private final KvClient client;
  private final RatisTransport transport;

  AuthClient(KvClient client, RatisTransport transport) {
    this.client = client;
    this.transport = transport;
  }

  /**
   * Creates a user. The password is hashed (salted PBKDF2) by the leader before the request enters the
   * log; an empty or null password makes a user that can only authenticate by client certificate.
   */
  public void userAdd(String name, String password) {
    change(AuthCommand.newBuilder().setUserAdd(UserAdd.newBuilder().setName(name(name))
        .setPassword(password == null ? "" : password)));
  }

  /** Deletes a user (not root while auth is enabled); its tokens stop working. */
  public void userDelete(String name) {
    change(AuthCommand.newBuilder().setUserDelete(userName(name)));
  }

  /** Sets a user's password; tokens issued before stop working. */
  public void userPasswd(String name, String password) {
    change(AuthCommand.newBuilder().setUserPasswd(UserAdd.newBuilder().setName(name(name))
        .setPassword(password == null ? "" : password)));
  }

  /** Grants {@code role} to {@code user}; granting role {@code root} makes the user an administrator. */
  public void userGrantRole(String user, String role) {
    change(AuthCommand.newBuilder().setUserGrantRole(UserRole.newBuilder().setUser(name(user)).setRole(name(role))));
  }

  /** Revokes {@code role} from {@code user}. */
  public void userRevokeRole(String user, String role) {
    change(AuthCommand.newBuilder().setUserRevokeRole(UserRole.newBuilder().setUser(name(user)).setRole(name(role))));
  }

  /** Creates a role without permissions. */
  public void roleAdd(String name) {
    change(AuthCommand.newBuilder().setRoleAdd(userName(name)));
  }

  /** Deletes a role and revokes it from every user. */
  public void roleDelete(String name) {
    change(AuthCommand.newBuilder().setRoleDelete(userName(name)));
  }

  /** Grants {@code permission} to {@code role}, replacing a permission on the same key or range. */
  public void roleGrantPermission(String role, Permission permission) {
    change(AuthCommand.newBuilder().setRoleGrantPermission(RolePermission.newBuilder().setRole(name(role))
        .setPermission(toProto(permission))));
  }

  /** Revokes the permission of {@code role} on exactly the key or range of {@code permission}. */
  public void roleRevokePermission(String role, Permission permission) {
    change(AuthCommand.newBuilder().setRoleRevokePermission(RolePermission.newBuilder().setRole(name(role))
        .setPermission(toProto(permission))));
  }

  /** Turns auth on; refused (FAILED_PRECONDITION) unless user {@code root} exists with role {@code root}. */
  public void enable() {
    change(AuthCommand.newBuilder().setAuthEnable(AuthEnable.getDefaultInstance()));
  }

  /** Turns auth off (root only). */
  public void disable() {
    change(AuthCommand.newBuilder().setAuthDisable(AuthEnable.getDefaultInstance()));
  }

  /** Whether auth is on; open to anyone. */
  public AuthStatus status() {
    AuthQueryResponse r = query(AuthQuery.newBuilder().setStatus(UserName.getDefaultInstance()));
    return new AuthStatus(r.getEnabled(), r.getAuthRevision());
  }

  /** One user (root, or the user itself). */
  public UserInfo userGet(String name) {
    return users(query(AuthQuery.newBuilder().setUserGet(userName(name)))).get(0);
  }

  /** Every user, by name (root only). */
  public List<UserInfo> userList() {
    return users(query(AuthQuery.newBuilder().setUserList(UserName.getDefaultInstance())));
  }

  /** One role (root only). */
  public RoleInfo roleGet(String name) {
    return roles(query(AuthQuery.newBuilder().setRoleGet(userName(name)))).get(0);
  }

  /** Every role, root first (root only). */
  public List<RoleInfo> roleList() {
    return roles(query(AuthQuery.newBuilder().setRoleList(UserName.getDefaultInstance())));
  }

  /**
   * Checks a user name and password and returns a token for {@link KvClient.Builder#token}; fails with
   * PERMISSION_DENIED for a wrong name or password, FAILED_PRECONDITION while auth is off.
   */
  public String authenticate(String user, String password) {
    return KvClient.await(authenticateAsync(user, password)).token();
  }

  CompletableFuture<TokenSource.Issued> authenticateAsync(String user, String password) {
    ReadQuery query = ReadQuery.newBuilder().setAuth(AuthQuery.newBuilder()
        .setAuthenticate(Authenticate.newBuilder().setName(user).setPassword(password))).build();
    return transport.readWithoutToken(query).thenApply(r -> {
      KvClient.checkStatus(r.getStatus(), r.getError());
      return new TokenSource.Issued(r.getAuth().getToken(), r.getAuth().getTokenTtlMs());
    });
  }

  private void change(AuthCommand.Builder command) {
    KvClient.await(client.write(WriteCommand.newBuilder().setAuth(command).build(), r -> r));
  }

  private AuthQueryResponse query(AuthQuery.Builder query) {
    ReadResult r = KvClient.await(transport.readLinearizable(ReadQuery.newBuilder().setAuth(query).build()));
    KvClient.checkStatus(r.getStatus(), r.getError());
    return r.getAuth();
  }

  private static List<UserInfo> users(AuthQueryResponse r) {
    List<UserInfo> out = new ArrayList<>();
    r.getUsersList().forEach(u -> out.add(new UserInfo(u.getName(), u.getRolesList(), u.getHasPassword())));
    return out;
  }

  private static List<RoleInfo> roles(AuthQueryResponse r) {
    List<RoleInfo> out = new ArrayList<>();
    for (io.cairnkv.proto.Role role : r.getRolesList()) {
      List<Permission> permissions = new ArrayList<>();
      role.getPermissionsList().forEach(p -> permissions.add(Permission.of(
          Permission.Type.valueOf(p.getType().name()), p.getKey().toByteArray(), p.getRangeEnd().toByteArray())));
      out.add(new RoleInfo(role.getName(), permissions));
    }
    return out;
  }

  private static io.cairnkv.proto.Permission toProto(Permission p) {
    return io.cairnkv.proto.Permission.newBuilder()
        .setType(io.cairnkv.proto.Permission.Type.valueOf(p.type().name()))
        .setKey(ByteString.copyFrom(p.key())).setRangeEnd(ByteString.copyFrom(p.rangeEnd())).build();
  }

  private static UserName userName(String name) {
    return UserName.newBuilder().setName(name(name)).build();
  }

  private static String name(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("names of users and roles must not be empty");
    }
    return name;
  }
}
