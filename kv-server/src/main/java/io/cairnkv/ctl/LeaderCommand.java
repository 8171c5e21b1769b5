package io.cairnkv.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvctl leader transfer ID}. */
@Command(name = "leader", mixinStandardHelpOptions = true, description = "Leadership.", subcommands = LeaderCommand.Transfer.class)
final class LeaderCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: transfer");
  }

  @Command(name = "transfer", mixinStandardHelpOptions = true, description = "Hands leadership to member ID.")
  static final class Transfer extends KvctlCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      client().transferLeadership(id);
      out().println("Leadership transferred to " + id);
      return 0;
    }
  }
}
