package io.cairnkv.snapshots.cli;

import io.cairnkv.ctl.KvctlCommand;
import io.cairnkv.snapshots.BackupReader;
import io.cairnkv.snapshots.BackupSummary;
import io.cairnkv.snapshots.CorruptBackupException;
import io.cairnkv.snapshots.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvctl snapshot status FILE}: offline; needs no cluster. */
@Command(name = "status", mixinStandardHelpOptions = true, description = {"Verifies every checksum of a backup file and prints what it holds.",
    "Exits 1 if the file is damaged or truncated."})
final class StatusCommand extends KvctlCommand {
  @Parameters(paramLabel = "FILE")
  Path file;

  @Override
  public Integer call() throws IOException {
    BackupSummary s;
    try {
      s = BackupReader.verify(file, ProgressListener.NONE);
    } catch (CorruptBackupException e) {
      err().println("Error: " + file + " is not a usable backup: " + e.getMessage());
      err().flush();
      return 1;
    }
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("revision", s.header().revision());
      m.put("raft_index", s.header().raftIndex());
      m.put("raft_term", s.header().raftTerm());
      m.put("keys", s.header().keyCount());
      m.put("member", s.header().memberId());
      m.put("created", s.header().createdAt().toString());
      m.put("tool_version", s.header().toolVersion());
      m.put("files", s.files().size());
      m.put("bytes", s.fileBytes());
      printJson(m);
    } else {
      out().printf("OK: revision %d, %d keys, %d bytes (%d store files); taken on %s at %s (raft index %d, term %d) "
              + "by kvctl %s%n", s.header().revision(), s.header().keyCount(), s.fileBytes(), s.files().size(),
          s.header().memberId(), s.header().createdAt(), s.header().raftIndex(), s.header().raftTerm(),
          s.header().toolVersion());
    }
    return 0;
  }
}
