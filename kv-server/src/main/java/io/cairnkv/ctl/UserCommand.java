package io.cairnkv.ctl;

import io.cairnkv.client.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvctl user add|delete|list|get|passwd|grant-role|revoke-role}, as etcdctl's. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manages users (root only once auth is on).",
    subcommands = {UserCommand.Add.class, UserCommand.Delete.class, UserCommand.ListUsers.class, UserCommand.Get.class,
        UserCommand.Passwd.class, UserCommand.GrantRole.class, UserCommand.RevokeRole.class})
final class UserCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a subcommand: add, delete, list, get, passwd, grant-role or revoke-role");
  }

  /** Password options shared by add and passwd. */
  static final class NewPassword {
    @Option(names = "--new-user-password", paramLabel = "PASSWORD",
        description = "The password (visible to other local users in the process list; prefer the prompt "
            + "or standard input).")
    String password;

    @Option(names = "--no-password", description = "No password: the user authenticates by client certificate only.")
    boolean none;

    String obtain(CommandLine cli, String user) {
      return none ? "" : Passwords.obtain(cli, password, null, "Password of " + user);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user; prompts for its password.")
  static final class Add extends KvctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @CommandLine.Mixin
    NewPassword password;

    @Override
    public Integer call() {
      client().auth().userAdd(name, password.obtain(spec.commandLine(), name));
      out().println("User " + name + " created");
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a user.")
  static final class Delete extends KvctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      client().auth().userDelete(name);
      out().println("User " + name + " deleted");
      return 0;
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = "Changes a user's password; its existing tokens stop working.")
  static final class Passwd extends KvctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @CommandLine.Mixin
    NewPassword password;

    @Override
    public Integer call() {
      client().auth().userPasswd(name, password.obtain(spec.commandLine(), name));
      out().println("Password updated");
      return 0;
    }
  }

  @Command(name = "grant-role", mixinStandardHelpOptions = true, description = "Grants a role to a user.")
  static final class GrantRole extends KvctlCommand {
    @Parameters(index = "0", paramLabel = "USER")
    String user;

    @Parameters(index = "1", paramLabel = "ROLE")
    String role;

    @Override
    public Integer call() {
      client().auth().userGrantRole(user, role);
      out().println("Role " + role + " is granted to user " + user);
      return 0;
    }
  }

  @Command(name = "revoke-role", mixinStandardHelpOptions = true, description = "Revokes a role from a user.")
  static final class RevokeRole extends KvctlCommand {
    @Parameters(index = "0", paramLabel = "USER")
    String user;

    @Parameters(index = "1", paramLabel = "ROLE")
    String role;

    @Override
    public Integer call() {
      client().auth().userRevokeRole(user, role);
      out().println("Role " + role + " is revoked from user " + user);
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints a user and its roles.")
  static final class Get extends KvctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      UserInfo user = client().auth().userGet(name);
      if (json()) {
        printJson(userJson(user));
      } else {
        out().println("User: " + user.name());
        out().println("Roles: " + String.join(" ", user.roles()));
        if (!user.hasPassword()) {
          out().println("Password: none (client certificate only)");
        }
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users.")
  static final class ListUsers extends KvctlCommand {
    @Override
    public Integer call() {
      List<UserInfo> users = client().auth().userList();
      if (json()) {
        List<Object> out = new ArrayList<>();
        users.forEach(u -> out.add(userJson(u)));
        printJson(Map.of("users", out));
      } else {
        users.forEach(u -> out().println(u.name()));
      }
      return 0;
    }
  }

  static Map<String, Object> userJson(UserInfo user) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", user.name());
    m.put("roles", user.roles());
    m.put("has_password", user.hasPassword());
    return m;
  }
}
