package io.cairnkv.ctl;

import io.cairnkv.client.AuthStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kvctl auth enable|disable|status}. */
@Command(name = "auth", mixinStandardHelpOptions = true, description = "Turns authentication on or off.",
    subcommands = {AuthSwitchCommand.Enable.class, AuthSwitchCommand.Disable.class, AuthSwitchCommand.Status.class})
final class AuthSwitchCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: enable, disable or status");
  }

  @Command(name = "enable", mixinStandardHelpOptions = true,
      description = {"Turns auth on for every member. Needs user root with role root first:",
          "  kvctl user add root && kvctl user grant-role root root"})
  static final class Enable extends KvctlCommand {
    @Override
    public Integer call() {
      client().auth().enable();
      out().println("Authentication Enabled");
      return 0;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Turns auth off (as root).")
  static final class Disable extends KvctlCommand {
    @Override
    public Integer call() {
      client().auth().disable();
      out().println("Authentication Disabled");
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether auth is on.")
  static final class Status extends KvctlCommand {
    @Override
    public Integer call() {
      AuthStatus status = client().auth().status();
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", status.enabled());
        m.put("auth_revision", status.revision());
        printJson(m);
      } else {
        out().println("Authentication Status: " + (status.enabled() ? "true" : "false"));
        out().println("AuthRevision: " + status.revision());
      }
      return 0;
    }
  }
}
