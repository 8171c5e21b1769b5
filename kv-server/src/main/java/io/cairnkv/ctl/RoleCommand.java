package io.cairnkv.ctl;

import io.cairnkv.client.KeyRange;
import io.cairnkv.client.Permission;
import io.cairnkv.client.RoleInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvctl role add|delete|list|get|grant-permission|revoke-permission}, as etcdctl's. */
@Command(name = "role", mixinStandardHelpOptions = true, description = "Manages roles (root only once auth is on).",
    subcommands = {RoleCommand.Add.class, RoleCommand.Delete.class, RoleCommand.ListRoles.class, RoleCommand.Get.class,
        RoleCommand.GrantPermission.class, RoleCommand.RevokePermission.class})
final class RoleCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a subcommand: add, delete, list, get, grant-permission or revoke-permission");
  }

  /** Options shared by grant-permission and revoke-permission; KEY and RANGE_END are positional. */
  static final class KeyOptions {
    @Option(names = "--prefix", description = "Every key starting with KEY.")
    boolean prefix;

    @Option(names = "--from-key", description = "Every key from KEY on.")
    boolean fromKey;

    /** A key, a range, a prefix or everything from a key on, as in etcdctl. */
    Permission permission(CommandLine cli, Permission.Type type, String key, String rangeEnd) {
      if ((prefix ? 1 : 0) + (fromKey ? 1 : 0) + (rangeEnd != null ? 1 : 0) > 1) {
        throw new CommandLine.ParameterException(cli, "give at most one of RANGE_END, --prefix and --from-key");
      }
      if (key.isEmpty()) {
        throw new CommandLine.ParameterException(cli, "KEY must not be empty");
      }
      byte[] k = KvctlCommand.utf8(key);
      if (prefix) {
        return Permission.prefix(type, k);
      }
      if (fromKey) {
        return Permission.range(type, k, KeyRange.TO_END);
      }
      return rangeEnd == null ? Permission.key(type, k) : Permission.range(type, k, KvctlCommand.utf8(rangeEnd));
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a role without permissions.")
  static final class Add extends KvctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      client().auth().roleAdd(name);
      out().println("Role " + name + " created");
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a role (and revokes it from users).")
  static final class Delete extends KvctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      client().auth().roleDelete(name);
      out().println("Role " + name + " deleted");
      return 0;
    }
  }

  @Command(name = "grant-permission", mixinStandardHelpOptions = true,
      description = "Grants read, write or readwrite on a key, range or prefix to a role.")
  static final class GrantPermission extends KvctlCommand {
    @Parameters(index = "0", paramLabel = "ROLE")
    String role;

    @Parameters(index = "1", paramLabel = "TYPE", description = "read, write or readwrite")
    String type;

    @Parameters(index = "2", paramLabel = "KEY")
    String key;

    @Parameters(index = "3", paramLabel = "RANGE_END", arity = "0..1",
        description = "End of the range (exclusive); without it (and without --prefix or --from-key), KEY alone.")
    String rangeEnd;

    @CommandLine.Mixin
    KeyOptions keys;

    @Override
    public Integer call() {
      Permission.Type t;
      try {
        t = Permission.Type.valueOf(type.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "TYPE must be read, write or readwrite, got '" + type + "'");
      }
      Permission p = keys.permission(spec.commandLine(), t, key, rangeEnd);
      client().auth().roleGrantPermission(role, p);
      out().println("Role " + role + " updated: " + p);
      return 0;
    }
  }

  @Command(name = "revoke-permission", mixinStandardHelpOptions = true,
      description = "Revokes a role's permission on exactly that key, range or prefix.")
  static final class RevokePermission extends KvctlCommand {
    @Parameters(index = "0", paramLabel = "ROLE")
    String role;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Parameters(index = "2", paramLabel = "RANGE_END", arity = "0..1", description = "End of the range (exclusive).")
    String rangeEnd;

    @CommandLine.Mixin
    KeyOptions keys;

    @Override
    public Integer call() {
      client().auth().roleRevokePermission(role, keys.permission(spec.commandLine(), Permission.Type.READWRITE, key,
          rangeEnd));
      out().println("Permission of role " + role + " revoked");
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints a role's permissions.")
  static final class Get extends KvctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      RoleInfo role = client().auth().roleGet(name);
      if (json()) {
        printJson(roleJson(role));
      } else {
        out().println("Role " + role.name());
        if (role.name().equals("root")) {
          out().println("Every right, admin operations included");
        }
        role.permissions().forEach(p -> out().println("  " + p));
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the roles.")
  static final class ListRoles extends KvctlCommand {
    @Override
    public Integer call() {
      List<RoleInfo> roles = client().auth().roleList();
      if (json()) {
        List<Object> out = new ArrayList<>();
        roles.forEach(r -> out.add(roleJson(r)));
        printJson(Map.of("roles", out));
      } else {
        roles.forEach(r -> out().println(r.name()));
      }
      return 0;
    }
  }

  static Map<String, Object> roleJson(RoleInfo role) {
    List<Object> permissions = new ArrayList<>();
    for (Permission p : role.permissions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", p.type().name());
      m.put("key", new String(p.key(), java.nio.charset.StandardCharsets.UTF_8));
      m.put("range_end", new String(p.rangeEnd(), java.nio.charset.StandardCharsets.UTF_8));
      permissions.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", role.name());
    m.put("permissions", permissions);
    return m;
  }
}
