package io.cairnkv.snapshots.cli;

import io.cairnkv.ctl.KvctlCommand;
import io.cairnkv.snapshots.BackupHeader;
import io.cairnkv.snapshots.BackupSaver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvctl snapshot save FILE}. */
@Command(name = "save", mixinStandardHelpOptions = true, description = {"Saves a consistent copy of the running cluster (taken on the leader,",
    "without stopping writes) into FILE. Leaves no file behind on failure."})
final class SaveCommand extends KvctlCommand {
  @Parameters(paramLabel = "FILE")
  Path file;

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    BackupHeader h = BackupSaver.save(client(), file, new ProgressPrinter(err(), "saved"));
    long ms = (System.nanoTime() - started) / 1_000_000;
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("member", h.memberId());
      m.put("revision", h.revision());
      m.put("raft_index", h.raftIndex());
      m.put("keys", h.keyCount());
      m.put("bytes", Files.size(file));
      m.put("millis", ms);
      printJson(m);
    } else {
      out().printf("Snapshot saved to %s: member %s, revision %d, %d keys, %d bytes, in %d ms%n", file, h.memberId(),
          h.revision(), h.keyCount(), Files.size(file), ms);
    }
    return 0;
  }
}
