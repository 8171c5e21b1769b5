package io.cairnkv.snapshots;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a backup file, version 1. Everything big-endian:
 *
 * <pre>
 * "CAIRNKVB"  int32 version=1
 * int32 headerLength, header (UTF-8 Java properties: see {@link BackupHeader})
 * per file: int32 nameLength, name (UTF-8), int64 size, size bytes, int64 CRC32C of those bytes
 * "CAIRNEND"  int64 CRC32C of every byte before this trailer
 * </pre>
 *
 * The per-file checksums locate damage; the trailer proves the file is complete.
 */
final class BackupFormat {
  static final byte[] MAGIC = "CAIRNKVB".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TRAILER = "CAIRNEND".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int MAX_HEADER_BYTES = 1 << 20;
  static final int MAX_NAME_BYTES = 4096;

  private BackupFormat() {}
}
