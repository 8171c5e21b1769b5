package io.cairnkv.snapshots;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a backup file from start to end, checking every checksum, and optionally extracts its store files.
 * Any damage, truncation or foreign file ends the read with a {@link CorruptBackupException}.
 */
public final class BackupReader {
  private static final int BUFFER = 1 << 20;

  /** Where extracted files go; null to only verify. */
  @FunctionalInterface
  interface FileSink {
    OutputStream open(String name) throws IOException;
  }

  private BackupReader() {}

  /**
   * Verifies {@code file} completely.
   *
   * @return its summary when every check passes
   */
  public static BackupSummary verify(Path file, ProgressListener progress) throws IOException, CorruptBackupException {
    return read(file, null, progress);
  }

  static BackupSummary read(Path file, FileSink sink, ProgressListener progress)
      throws IOException, CorruptBackupException {
    long fileSize = Files.size(file);
    CRC32C whole = new CRC32C();
    try (InputStream raw = Files.newInputStream(file);
         CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, BUFFER), whole);
         DataInputStream in = new DataInputStream(checked)) {
      Position at = new Position();
      byte[] magic = readExactly(in, BackupFormat.MAGIC.length, at, "the file signature");
      if (!Arrays.equals(magic, BackupFormat.MAGIC)) {
        throw new CorruptBackupException("not a CairnKV backup (bad signature at byte 0)");
      }
      int version = readInt(in, at, "the format version");
      if (version != BackupFormat.VERSION) {
        throw new CorruptBackupException("unsupported backup format version " + version + " (this tool reads "
            + BackupFormat.VERSION + ")");
      }
      int headerLength = readInt(in, at, "the header length");
      if (headerLength <= 0 || headerLength > BackupFormat.MAX_HEADER_BYTES) {
        throw new CorruptBackupException("implausible header length " + headerLength + " at byte 12");
      }
      BackupHeader header = BackupHeader.decode(
          new String(readExactly(in, headerLength, at, "the header"), StandardCharsets.UTF_8));
      List<BackupSummary.Entry> entries = new ArrayList<>();
      long done = 0;
      for (int i = 0; i < header.fileCount(); i++) {
        int nameLength = readInt(in, at, "the name of file " + (i + 1));
        if (nameLength <= 0 || nameLength > BackupFormat.MAX_NAME_BYTES) {
          throw new CorruptBackupException("implausible name length " + nameLength + " for file " + (i + 1)
              + " at byte " + (at.offset - 4));
        }
        String name = new String(readExactly(in, nameLength, at, "the name of file " + (i + 1)), StandardCharsets.UTF_8);
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
          throw new CorruptBackupException("file " + (i + 1) + " has an unsafe name '" + name + "'");
        }
        long size = readLong(in, at, "the size of " + name);
        if (size < 0 || size > fileSize) {
          throw new CorruptBackupException("implausible size " + size + " for " + name);
        }
        CRC32C crc = new CRC32C();
        try (OutputStream out = sink == null ? OutputStream.nullOutputStream() : sink.open(name)) {
          byte[] buffer = new byte[BUFFER];
          long remaining = size;
          while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
              throw new CorruptBackupException("truncated: the file ends inside " + name + " at byte " + at.offset
                  + " (" + remaining + " bytes of it missing)");
            }
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
            remaining -= n;
            at.offset += n;
            done += n;
            progress.onProgress(done, header.totalBytes());
          }
        }
        long expected = readLong(in, at, "the checksum of " + name);
        if (expected != crc.getValue()) {
          throw new CorruptBackupException(name + " is damaged: its CRC32C is " + Long.toHexString(crc.getValue())
              + ", the backup recorded " + Long.toHexString(expected));
        }
        entries.add(new BackupSummary.Entry(name, size, expected));
      }
      long computed = whole.getValue();
      byte[] trailer = readExactly(in, BackupFormat.TRAILER.length, at, "the end marker");
      if (!Arrays.equals(trailer, BackupFormat.TRAILER)) {
        throw new CorruptBackupException("no end marker at byte " + (at.offset - trailer.length)
            + ": the file is damaged or was not completely written");
      }
      long recorded = readLong(in, at, "the file checksum");
      if (recorded != computed) {
        throw new CorruptBackupException("the whole-file CRC32C is " + Long.toHexString(computed)
            + ", the backup recorded " + Long.toHexString(recorded) + ": the header or file names are damaged");
      }
      if (in.read() >= 0) {
        throw new CorruptBackupException("unexpected bytes after the end marker at byte " + at.offset);
      }
      if (entries.stream().mapToLong(BackupSummary.Entry::size).sum() != header.totalBytes()) {
        throw new CorruptBackupException("the files add up to a different size than the header states");
      }
      return new BackupSummary(header, entries, fileSize);
    }
  }

  private static final class Position {
    long offset;
  }

  private static byte[] readExactly(DataInputStream in, int n, Position at, String what)
      throws IOException, CorruptBackupException {
    byte[] bytes = new byte[n];
    try {
      in.readFully(bytes);
    } catch (EOFException e) {
      throw new CorruptBackupException("truncated: the file ends at byte " + at.offset + " while reading " + what);
    }
    at.offset += n;
    return bytes;
  }

  private static int readInt(DataInputStream in, Position at, String what) throws IOException, CorruptBackupException {
    byte[] b = readExactly(in, 4, at, what);
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  private static long readLong(DataInputStream in, Position at, String what)
      throws IOException, CorruptBackupException {
    byte[] b = readExactly(in, 8, at, what);
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return v;
  }
}
