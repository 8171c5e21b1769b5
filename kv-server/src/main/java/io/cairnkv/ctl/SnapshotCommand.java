package io.cairnkv.ctl;

import io.cairnkv.client.Member;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvctl snapshot ...}: Raft snapshots here; backup save/status/restore come from the snapshots module. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Raft snapshots and backups.", subcommands = SnapshotCommand.Create.class)
public final class SnapshotCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand, e.g. create, save, status, restore");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Makes a member (default: every member) take a Raft snapshot now.")
  static final class Create extends KvctlCommand {
    @Option(names = "--endpoint", paramLabel = "ID", description = "Only this member.")
    String memberId;

    @Override
    public Integer call() {
      Map<String, Object> taken = new LinkedHashMap<>();
      for (Member m : client().members()) {
        if (memberId == null || memberId.equals(m.id())) {
          long index = client().createSnapshot(m);
          taken.put(m.id(), index);
          if (!json()) {
            out().println("Snapshot taken on " + m.id() + " at index " + index);
          }
        }
      }
      if (taken.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no member named '" + memberId + "'");
      }
      if (json()) {
        printJson(Map.of("snapshots", taken));
      }
      return 0;
    }
  }
}
