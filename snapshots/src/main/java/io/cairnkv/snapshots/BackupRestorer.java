package io.cairnkv.snapshots;

import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.server.snapshot.FileSync;
import io.cairnkv.server.storage.RocksKvEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the data directory of one member of a NEW cluster from a backup file, like
 * {@code etcdutl snapshot restore}: run it once per member, then start every member with the same
 * {@code --peers}. The new cluster starts with exactly the backup's keys and revision and a fresh Raft log.
 */
public final class BackupRestorer {
  private BackupRestorer() {}

  /**
   * Verifies {@code backup}, then writes the store into {@code dataDir}.
   *
   * @param memberId the member this directory is for; must be among {@code peers}
   * @param peers the new cluster's members, {@code id=host:port,...}
   * @throws CorruptBackupException if the backup fails any check (nothing is written then)
   * @throws IllegalArgumentException if {@code dataDir} is not empty or the member is not among the peers
   */
  public static BackupSummary restore(Path backup, Path dataDir, String memberId, String peers,
      ProgressListener progress) throws IOException, CorruptBackupException {
    List<Endpoint> members = Endpoint.parseList(peers);
    if (members.stream().noneMatch(e -> e.id().orElse("").equals(memberId))) {
      throw new IllegalArgumentException("member '" + memberId + "' is not among --peers " + peers
          + "; every entry must be id=host:port and include this member");
    }
    if (Files.exists(dataDir) && !isEmptyDirectory(dataDir)) {
      throw new IllegalArgumentException("data directory " + dataDir + " is not empty; restore only into a new, "
          + "empty directory (a restored member must not mix with old data)");
    }
    BackupSummary verified = BackupReader.verify(backup, ProgressListener.NONE);
    Path store = dataDir.resolve("store");
    try {
      Files.createDirectories(store);
      BackupReader.read(backup, name -> Files.newOutputStream(store.resolve(name)), progress);
      RocksKvEngine.Inspection restored = RocksKvEngine.inspect(store);
      if (restored.applied().revision() != verified.header().revision()
          || restored.keyCount() != verified.header().keyCount()) {
        throw new CorruptBackupException("restored store holds " + restored.keyCount() + " keys at revision "
            + restored.applied().revision() + ", the backup header says " + verified.header().keyCount()
            + " keys at revision " + verified.header().revision());
      }
      RocksKvEngine.resetLogPosition(store);
      try (Stream<Path> files = Files.walk(store)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(p)) {
            FileSync.fsync(p);
          }
        }
      }
      FileSync.fsync(store);
      return verified;
    } catch (IOException | CorruptBackupException | RuntimeException e) {
      FileSync.deleteTree(store);
      throw e;
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
