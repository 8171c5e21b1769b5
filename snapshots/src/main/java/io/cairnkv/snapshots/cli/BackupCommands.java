package io.cairnkv.snapshots.cli;

import io.cairnkv.ctl.KvctlExtension;
import picocli.CommandLine;

/** Adds {@code kvctl snapshot save|status|restore} to kvctl. */
public final class BackupCommands implements KvctlExtension {
  @Override
  public void register(CommandLine root) {
    CommandLine snapshot = root.getSubcommands().get("snapshot");
    snapshot.addSubcommand("save", new SaveCommand());
    snapshot.addSubcommand("status", new StatusCommand());
    snapshot.addSubcommand("restore", new RestoreCommand());
  }
}
