package io.cairnkv.server.snapshot;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft snapshots of one replica, each a directory {@code snapshot.TERM_INDEX} in Ratis' state machine
 * directory holding a store checkpoint and a {@link SnapshotManifest}.
 *
 * <p>A snapshot is built in a {@code .tmp} directory and renamed into place only once complete and
 * synced, so a crash never leaves a half snapshot that looks whole. When a follower installs a snapshot
 * from the leader, Ratis replaces the whole directory; {@link #reload()} then finds the new one.
 * Thread-safe.
 */
public final class SnapshotStore implements StateMachineStorage {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
  private static final String TMP_SUFFIX = ".tmp";

  private volatile Path directory;
  private volatile Optional<Snapshot> latest = Optional.empty();
  private volatile CachedInfo latestInfo;

  /** A complete snapshot on disk. */
  public record Snapshot(Path directory, SnapshotManifest manifest) {
    /** Its log position. */
    public TermIndex termIndex() {
      return TermIndex.valueOf(manifest.term(), manifest.index());
    }
  }

  /** Writes a store checkpoint into an empty directory that does not exist yet. */
  @FunctionalInterface
  public interface CheckpointWriter {
    /** Creates the checkpoint at {@code target}. */
    void writeCheckpoint(Path target) throws IOException;
  }

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    directory = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(directory);
    reload();
  }

  @Override
  public void format() {
    // Nothing to format: the directory is created on init.
  }

  /** Rescans the directory; drops leftovers of interrupted snapshot builds. */
  public synchronized void reload() throws IOException {
    List<Snapshot> found = list();
    latest = found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    latest.ifPresent(s -> LOG.info("Latest snapshot: index {} (term {}), revision {}, {} files, {} bytes",
        s.manifest().index(), s.manifest().term(), s.manifest().revision(), s.manifest().files().size(),
        s.manifest().totalBytes()));
  }

  /** Every complete snapshot, oldest first. */
  public List<Snapshot> list() throws IOException {
    List<Snapshot> out = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith("snapshot.") && name.endsWith(TMP_SUFFIX)) {
          LOG.info("Removing incomplete snapshot {} left by an interrupted build", entry);
          FileSync.deleteTree(entry);
          continue;
        }
        if (!NAME.matcher(name).matches() || !Files.isDirectory(entry)) {
          continue;
        }
        try {
          out.add(new Snapshot(entry, SnapshotManifest.readFrom(entry)));
        } catch (IOException e) {
          LOG.warn("Ignoring snapshot directory {}: {}", entry, e.getMessage());
        }
      }
    }
    out.sort(Comparator.comparingLong(s -> s.manifest().index()));
    return out;
  }

  /** The newest complete snapshot, if any. */
  public Optional<Snapshot> latest() {
    return latest;
  }

  /**
   * Builds a snapshot at {@code (term, index)} from a checkpoint the caller writes, checksums every file,
   * and publishes it atomically.
   */
  public synchronized Snapshot create(long term, long index, long revision, CheckpointWriter checkpoint)
      throws IOException {
    String name = "snapshot." + term + "_" + index;
    Path tmp = directory.resolve(name + TMP_SUFFIX);
    Path target = directory.resolve(name);
    FileSync.deleteTree(tmp);
    checkpoint.writeCheckpoint(tmp);
    List<SnapshotManifest.FileEntry> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
      for (Path file : entries) {
        files.add(new SnapshotManifest.FileEntry(file.getFileName().toString(), Files.size(file),
            FileSync.crc32c(file)));
      }
    }
    files.sort(Comparator.comparing(SnapshotManifest.FileEntry::name));
    SnapshotManifest manifest = new SnapshotManifest(term, index, revision, files);
    manifest.writeTo(tmp);
    FileSync.fsync(tmp);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    FileSync.fsync(directory);
    Snapshot snapshot = new Snapshot(target, manifest);
    latest = Optional.of(snapshot);
    return snapshot;
  }

  /**
   * Checks every file of {@code snapshot} against its manifest.
   *
   * @return a description of the first mismatch, or empty if the snapshot is intact
   */
  public static Optional<String> verify(Snapshot snapshot) throws IOException {
    for (SnapshotManifest.FileEntry f : snapshot.manifest().files()) {
      Path file = snapshot.directory().resolve(f.name());
      if (!Files.exists(file)) {
        return Optional.of("missing file " + f.name());
      }
      if (Files.size(file) != f.size()) {
        return Optional.of(f.name() + " is " + Files.size(file) + " bytes, manifest says " + f.size());
      }
      if (FileSync.crc32c(file) != f.crc32c()) {
        return Optional.of(f.name() + " fails its CRC32C check");
      }
    }
    return Optional.empty();
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    // Every log appender asks on each loop: build the file list once per snapshot.
    Optional<Snapshot> current = latest;
    CachedInfo cached = latestInfo;
    if (current.isEmpty()) {
      return null;
    }
    if (cached == null || cached.snapshot() != current.get()) {
      cached = new CachedInfo(current.get(), toInfo(current.get()));
      latestInfo = cached;
    }
    return cached.info();
  }

  private record CachedInfo(Snapshot snapshot, SnapshotInfo info) {}

  private static SnapshotInfo toInfo(Snapshot s) {
    List<FileInfo> files = new ArrayList<>();
    for (SnapshotManifest.FileEntry f : s.manifest().files()) {
      files.add(new FileInfo(s.directory().resolve(f.name()).toAbsolutePath(), null));
    }
    files.add(new FileInfo(s.directory().resolve(SnapshotManifest.FILE_NAME).toAbsolutePath(), null));
    return new FileListSnapshotInfo(files, s.termIndex());
  }

  @Override
  public synchronized void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy == null ? -1 : policy.getNumSnapshotsRetained();
    if (keep <= 0) {
      return;
    }
    List<Snapshot> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      LOG.info("Deleting old snapshot at index {} (retaining the newest {})", all.get(i).manifest().index(), keep);
      FileSync.deleteTree(all.get(i).directory());
    }
  }

  /** Directory that holds the snapshots. */
  public Path directory() {
    return directory;
  }

  @Override
  public File getSnapshotDir() {
    return null; // Ratis resolves snapshot file paths against the storage root (the default layout)
  }
}
