package io.cairnkv.ctl;

import io.cairnkv.client.Member;
import io.cairnkv.client.internal.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvctl member list|add|remove}. */
@Command(name = "member", mixinStandardHelpOptions = true, description = "Lists and changes the cluster's members.",
    subcommands = {MemberCommand.ListMembers.class, MemberCommand.Add.class, MemberCommand.Remove.class})
final class MemberCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: list, add or remove");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints each member's id and address.")
  static final class ListMembers extends KvctlCommand {
    @Override
    public Integer call() {
      List<Member> members = client().members();
      if (json()) {
        List<Object> out = new ArrayList<>();
        for (Member m : members) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("id", m.id());
          e.put("address", m.address());
          out.add(e);
        }
        printJson(Map.of("members", out));
      } else {
        for (Member m : members) {
          out().println(m.id() + ", " + m.address());
        }
      }
      return 0;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = {"Adds a voting member. Start it first with --peers listing every",
      "member and itself; it receives the data from the leader."})
  static final class Add extends KvctlCommand {
    @Parameters(paramLabel = "ID=HOST:PORT")
    String member;

    @Override
    public Integer call() {
      Endpoint e;
      try {
        e = Endpoint.parse(member);
      } catch (IllegalArgumentException bad) {
        throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
      }
      String id = e.id().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
          "expected ID=HOST:PORT, got " + member));
      client().addMember(id, e.address());
      out().println("Member " + id + " added at " + e.address());
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a voting member.")
  static final class Remove extends KvctlCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      client().removeMember(id);
      out().println("Member " + id + " removed");
      return 0;
    }
  }
}
