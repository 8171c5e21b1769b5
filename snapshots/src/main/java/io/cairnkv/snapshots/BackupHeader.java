package io.cairnkv.snapshots;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Properties;

/**
 * What a backup file says about itself, before its data.
 *
 * @param toolVersion version of the CairnKV tool that wrote it
 * @param createdAt when the member took the copy
 * @param memberId the member the copy came from
 * @param revision store revision of the copy
 * @param raftIndex Raft index the copy reflects
 * @param raftTerm Raft term of that index
 * @param keyCount exact number of keys
 * @param fileCount number of store files that follow
 * @param totalBytes their total size
 */
public record BackupHeader(String toolVersion, Instant createdAt, String memberId, long revision, long raftIndex,
    long raftTerm, long keyCount, int fileCount, long totalBytes) {

  String encode() {
    Properties p = new Properties();
    p.setProperty("tool-version", toolVersion);
    p.setProperty("created", createdAt.toString());
    p.setProperty("member", memberId);
    p.setProperty("revision", Long.toString(revision));
    p.setProperty("raft-index", Long.toString(raftIndex));
    p.setProperty("raft-term", Long.toString(raftTerm));
    p.setProperty("key-count", Long.toString(keyCount));
    p.setProperty("file-count", Integer.toString(fileCount));
    p.setProperty("total-bytes", Long.toString(totalBytes));
    StringWriter out = new StringWriter();
    try {
      p.store(out, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  static BackupHeader decode(String text) throws CorruptBackupException {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
      return new BackupHeader(required(p, "tool-version"), Instant.parse(required(p, "created")),
          required(p, "member"), Long.parseLong(required(p, "revision")), Long.parseLong(required(p, "raft-index")),
          Long.parseLong(required(p, "raft-term")), Long.parseLong(required(p, "key-count")),
          Integer.parseInt(required(p, "file-count")), Long.parseLong(required(p, "total-bytes")));
    } catch (IOException | RuntimeException e) {
      throw new CorruptBackupException("the header is unreadable: " + e.getMessage());
    }
  }

  private static String required(Properties p, String key) throws CorruptBackupException {
    String v = p.getProperty(key);
    if (v == null) {
      throw new CorruptBackupException("the header lacks '" + key + "'");
    }
    return v;
  }
}
