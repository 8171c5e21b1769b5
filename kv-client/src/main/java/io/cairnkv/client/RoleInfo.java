package io.cairnkv.client;

import java.util.List;

/**
 * A role and the permissions it grants. The built-in {@code root} role lists none: it has every right.
 *
 * @param name the role name
 * @param permissions what it grants
 */
public record RoleInfo(String name, List<Permission> permissions) {
  /** Copies {@code permissions}. */
  public RoleInfo {
    permissions = List.copyOf(permissions);
  }
}
