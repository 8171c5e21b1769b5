package io.cairnkv.snapshots.cli;

import io.cairnkv.ctl.KvctlCommand;
import io.cairnkv.snapshots.BackupRestorer;
import io.cairnkv.snapshots.BackupSummary;
import io.cairnkv.snapshots.CorruptBackupException;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvctl snapshot restore FILE --data-dir DIR --id ID --peers ...}: offline. */
@Command(name = "restore", mixinStandardHelpOptions = true, description = {"Builds the data directory of one member of a NEW cluster from a backup",
    "file; run it once per member, then start each member with the same --peers."})
final class RestoreCommand extends KvctlCommand {
  @Parameters(paramLabel = "FILE")
  Path file;

  @Option(names = "--data-dir", required = true, description = "An empty or missing directory for this member.")
  Path dataDir;

  @Option(names = "--id", required = true, description = "This member's id.")
  String id;

  @Option(names = "--peers", required = true, description = "The new cluster: id=host:port,...")
  String peers;

  @Override
  public Integer call() throws IOException {
    BackupSummary s;
    try {
      s = BackupRestorer.restore(file, dataDir, id, peers,
          new ProgressPrinter(err(), "restored"));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (CorruptBackupException e) {
      err().println("Error: refusing to restore " + file + ": " + e.getMessage());
      err().flush();
      return 1;
    }
    out().printf("Restored revision %d (%d keys) into %s. Start this member with:%n  bin/kv-server --id %s "
        + "--data-dir %s --peers %s%n", s.header().revision(), s.header().keyCount(), dataDir, id, dataDir, peers);
    return 0;
  }
}
