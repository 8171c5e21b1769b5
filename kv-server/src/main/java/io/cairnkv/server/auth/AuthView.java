package io.cairnkv.server.auth;

import io.cairnkv.proto.AuthState;
import io.cairnkv.proto.Permission;
import io.cairnkv.proto.Role;
import io.cairnkv.proto.UserRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable view of the replicated auth state with lookups by name. One view is current at a time;
 * an applied auth change publishes a new one. Thread-safe (immutable).
 */
public final class AuthView {
  /** The built-in role with every right, admin operations included; it cannot be changed or deleted. */
  public static final String ROOT = "root";
  /** The view of a store that never had auth configured: disabled, nobody defined. */
  public static final AuthView EMPTY = new AuthView(AuthState.getDefaultInstance());

  private final AuthState state;
  private final Map<String, UserRecord> users = new TreeMap<>();
  private final Map<String, Role> roles = new TreeMap<>();

  /** A view of {@code state}. */
  public AuthView(AuthState state) {
    this.state = state;
    state.getUsersList().forEach(u -> users.put(u.getName(), u));
    state.getRolesList().forEach(r -> roles.put(r.getName(), r));
  }

  /** The state this view shows. */
  public AuthState state() {
    return state;
  }

  /** Whether requests are checked. */
  public boolean enabled() {
    return state.getEnabled();
  }

  /** The token signing key; empty before the first {@code auth enable}. */
  public byte[] signingKey() {
    return state.getSigningKey().toByteArray();
  }

  /** The user called {@code name}. */
  public Optional<UserRecord> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  /** The role called {@code name}; the built-in root role is not listed here. */
  public Optional<Role> role(String name) {
    return Optional.ofNullable(roles.get(name));
  }

  /** Whether a role of that name exists (root always does). */
  public boolean roleExists(String name) {
    return ROOT.equals(name) || roles.containsKey(name);
  }

  /** Every user, by name. */
  public List<UserRecord> users() {
    return List.copyOf(users.values());
  }

  /** Every defined role, by name (root excluded). */
  public List<Role> roles() {
    return List.copyOf(roles.values());
  }

  /** Whether {@code user} holds the root role. */
  public static boolean isRoot(UserRecord user) {
    return user.getRolesList().contains(ROOT);
  }

  /** Every permission granted to {@code user} through its roles. */
  public List<Permission> permissionsOf(UserRecord user) {
    List<Permission> out = new ArrayList<>();
    for (String roleName : user.getRolesList()) {
      Role role = roles.get(roleName);
      if (role != null) {
        out.addAll(role.getPermissionsList());
      }
    }
    return Collections.unmodifiableList(out);
  }
}
