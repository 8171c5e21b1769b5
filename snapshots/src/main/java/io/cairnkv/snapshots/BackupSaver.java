package io.cairnkv.snapshots;

import io.cairnkv.client.BackupSession;
import io.cairnkv.client.KvClient;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Saves a consistent copy of a running cluster into one backup file. Writes go on meanwhile.
 *
 * <p>The file is written as {@code NAME.partial} beside the target, synced, then renamed: a failure at
 * any point leaves no file at the target and removes the partial one.
 */
public final class BackupSaver {
  private static final int CHUNK = 1 << 20;

  private BackupSaver() {}

  /**
   * Copies the leader's store into {@code target}.
   *
   * @return the header of the written file
   * @throws IOException if the file cannot be written
   * @throws io.cairnkv.client.KvException if the cluster cannot serve the copy
   */
  public static BackupHeader save(KvClient client, Path target, ProgressListener progress) throws IOException {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (BackupSession session = client.openBackup()) {
      BackupHeader header = new BackupHeader(Versions.tool(), Instant.now(), session.memberId(), session.revision(),
          session.raftIndex(), session.raftTerm(), session.keyCount(), session.files().size(),
          session.files().stream().mapToLong(BackupSession.FileInfo::size).sum());
      write(session, header, partial, progress);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return header;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
  }

  private static void write(BackupSession session, BackupHeader header, Path partial, ProgressListener progress)
      throws IOException {
    CRC32C whole = new CRC32C();
    try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
         DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(file, CHUNK),
             whole))) {
      out.write(BackupFormat.MAGIC);
      out.writeInt(BackupFormat.VERSION);
      byte[] headerBytes = header.encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(headerBytes.length);
      out.write(headerBytes);
      long done = 0;
      progress.onProgress(0, header.totalBytes());
      for (BackupSession.FileInfo f : session.files()) {
        byte[] name = f.name().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeLong(f.size());
        CRC32C crc = new CRC32C();
        long offset = 0;
        while (offset < f.size()) {
          byte[] chunk = session.read(f.name(), offset, (int) Math.min(CHUNK, f.size() - offset));
          if (chunk.length == 0) {
            throw new IOException("member " + session.memberId() + " ended " + f.name() + " at " + offset
                + " bytes, expected " + f.size());
          }
          out.write(chunk);
          crc.update(chunk);
          offset += chunk.length;
          done += chunk.length;
          progress.onProgress(done, header.totalBytes());
        }
        out.writeLong(crc.getValue());
      }
      out.flush();
      long checksum = whole.getValue();
      out.write(BackupFormat.TRAILER);
      out.writeLong(checksum);
    }
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
