package io.cairnkv.server.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes one Raft snapshot: its log position and store revision, and every file with its size and
 * CRC32C. Stored as a small versioned text file inside the snapshot directory, so an operator can
 * read it and other tools can parse it.
 *
 * @param term Raft term of the last entry the snapshot contains
 * @param index Raft index of that entry
 * @param revision store revision at that entry
 * @param files the snapshot's files (not the manifest itself)
 */
public record SnapshotManifest(long term, long index, long revision, List<FileEntry> files) {
  /** Name of the manifest file inside a snapshot directory. */
  public static final String FILE_NAME = "cairnkv-snapshot.manifest";
  private static final String HEADER = "cairnkv-snapshot-manifest 1";

  public SnapshotManifest {
    files = List.copyOf(files);
  }

  /**
   * One file of a snapshot.
   *
   * @param name file name, relative to the snapshot directory
   * @param size size in bytes
   * @param crc32c CRC32C of the content
   */
  public record FileEntry(String name, long size, long crc32c) {}

  /** Total size of the snapshot's files in bytes. */
  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }

  /** Writes the manifest into {@code dir} and forces it to disk. */
  public void writeTo(Path dir) throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("term=").append(term).append('\n');
    out.append("index=").append(index).append('\n');
    out.append("revision=").append(revision).append('\n');
    for (FileEntry f : files) {
      out.append("file=").append(f.name()).append(' ').append(f.size()).append(' ')
          .append(Long.toHexString(f.crc32c())).append('\n');
    }
    Path file = dir.resolve(FILE_NAME);
    Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    FileSync.fsync(file);
  }

  /**
   * Reads the manifest of the snapshot in {@code dir}.
   *
   * @throws IOException if it is missing or malformed
   */
  public static SnapshotManifest readFrom(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException("not a CairnKV snapshot manifest (or an unknown version): " + dir.resolve(FILE_NAME));
    }
    long term = -1;
    long index = -1;
    long revision = -1;
    List<FileEntry> files = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      try {
        switch (key) {
          case "term": term = Long.parseLong(value); break;
          case "index": index = Long.parseLong(value); break;
          case "revision": revision = Long.parseLong(value); break;
          case "file":
            String[] parts = value.split(" ");
            files.add(new FileEntry(parts[0], Long.parseLong(parts[1]), Long.parseUnsignedLong(parts[2], 16)));
            break;
          default:
            break; // fields added by later versions are ignored
        }
      } catch (RuntimeException e) {
        throw new IOException("malformed line in " + dir.resolve(FILE_NAME) + ": " + line, e);
      }
    }
    if (term < 0 || index < 0 || revision < 0) {
      throw new IOException("incomplete snapshot manifest " + dir.resolve(FILE_NAME));
    }
    return new SnapshotManifest(term, index, revision, files);
  }
}
