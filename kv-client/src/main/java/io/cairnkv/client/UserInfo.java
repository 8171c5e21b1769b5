package io.cairnkv.client;

import java.util.List;

/**
 * A user as the cluster stores it (never its password).
 *
 * @param name the user name
 * @param roles the roles granted to it
 * @param hasPassword false for a user that can only authenticate by client certificate
 */
public record UserInfo(String name, List<String> roles, boolean hasPassword) {
  /** Copies {@code roles}. */
  public UserInfo {
    roles = List.copyOf(roles);
  }
}
