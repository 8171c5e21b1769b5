package io.cairnkv.server.backup;

import io.cairnkv.proto.BackupBeginResponse;
import io.cairnkv.proto.BackupFile;
import io.cairnkv.server.snapshot.FileSync;
import io.cairnkv.server.storage.KvEngine;
import io.cairnkv.server.storage.RocksKvEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup sessions of one replica: each holds a store checkpoint that a client reads in chunks.
 *
 * <p>Taking the checkpoint does not stop writes: RocksDB links the immutable files and the checkpoint is a
 * consistent point in time, at the applied index it records. A session that the client neither reads
 * nor ends for {@link #IDLE_EXPIRY} is deleted, so a crashed client leaves no lasting garbage; leftovers
 * from a previous process are deleted at start. Thread-safe.
 */
public final class BackupSessions {
  private static final Logger LOG = LoggerFactory.getLogger(BackupSessions.class);
  /** A session unused for this long is discarded. */
  public static final Duration IDLE_EXPIRY = Duration.ofMinutes(10);
  /** Largest chunk served in one reply. */
  public static final int MAX_CHUNK_BYTES = 4 << 20;

  private final Path directory;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  private record Session(Path directory, BackupBeginResponse info, long[] lastUsedNanos) {}

  /** Sessions kept under {@code directory}, which is emptied now. */
  public BackupSessions(Path directory) throws IOException {
    this.directory = directory;
    FileSync.deleteTree(directory);
    Files.createDirectories(directory);
  }

  /** Takes a checkpoint of {@code engine} and opens a session over it. */
  public BackupBeginResponse begin(KvEngine engine, String memberId) throws IOException {
    sweep();
    String id = UUID.randomUUID().toString();
    Path dir = directory.resolve(id);
    engine.checkpoint(dir);
    RocksKvEngine.Inspection inspection = RocksKvEngine.inspect(dir);
    BackupBeginResponse.Builder info = BackupBeginResponse.newBuilder()
        .setBackupId(id).setMemberId(memberId)
        .setRevision(inspection.applied().revision())
        .setRaftIndex(inspection.applied().index())
        .setRaftTerm(inspection.applied().term())
        .setKeyCount(inspection.keyCount());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        info.addFiles(BackupFile.newBuilder().setName(file.getFileName().toString()).setSize(Files.size(file)));
      }
    }
    BackupBeginResponse response = info.build();
    sessions.put(id, new Session(dir, response, new long[] {System.nanoTime()}));
    LOG.info("Backup {} started on {}: revision {}, index {}, {} keys, {} files", id, memberId,
        response.getRevision(), response.getRaftIndex(), response.getKeyCount(), response.getFilesCount());
    return response;
  }

  /**
   * Reads up to {@code maxBytes} of {@code file} from {@code offset}; an empty result means end of file.
   *
   * @throws IllegalArgumentException for an unknown session or file, or a bad offset
   */
  public ByteBuffer chunk(String backupId, String file, long offset, int maxBytes) throws IOException {
    Session session = session(backupId);
    boolean known = session.info().getFilesList().stream().anyMatch(f -> f.getName().equals(file));
    if (!known) {
      throw new IllegalArgumentException("backup " + backupId + " has no file '" + file + "'");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    int size = Math.max(1, Math.min(maxBytes <= 0 ? MAX_CHUNK_BYTES : maxBytes, MAX_CHUNK_BYTES));
    ByteBuffer buffer = ByteBuffer.allocate(size);
    try (FileChannel channel = FileChannel.open(session.directory().resolve(file), StandardOpenOption.READ)) {
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, offset + buffer.position());
        if (n < 0) {
          break;
        }
      }
    }
    buffer.flip();
    return buffer;
  }

  /** Ends a session and deletes its checkpoint; unknown ids are ignored. */
  public void end(String backupId) throws IOException {
    Session session = sessions.remove(backupId);
    if (session != null) {
      FileSync.deleteTree(session.directory());
      LOG.info("Backup {} finished; checkpoint deleted", backupId);
    }
  }

  private Session session(String backupId) throws IOException {
    sweep();
    Session session = sessions.get(backupId);
    if (session == null) {
      throw new IllegalArgumentException("no backup session '" + backupId + "' (ended, or idle for more than "
          + IDLE_EXPIRY.toMinutes() + " minutes)");
    }
    session.lastUsedNanos()[0] = System.nanoTime();
    return session;
  }

  private void sweep() throws IOException {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Session> e = it.next();
      if (now - e.getValue().lastUsedNanos()[0] > IDLE_EXPIRY.toNanos()) {
        it.remove();
        FileSync.deleteTree(e.getValue().directory());
        LOG.warn("Backup {} expired after {} minutes without use; checkpoint deleted", e.getKey(),
            IDLE_EXPIRY.toMinutes());
      }
    }
  }

  /** Ends every session. */
  public void close() {
    for (String id : sessions.keySet()) {
      try {
        end(id);
      } catch (IOException e) {
        LOG.warn("Cannot delete backup checkpoint {}: {}", id, e.getMessage());
      }
    }
  }
}
