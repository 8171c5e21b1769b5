package io.cairnkv.snapshots;

import java.util.List;

/**
 * A backup file that passed every check.
 *
 * @param header what the file says about itself
 * @param files the store files it holds
 * @param fileBytes size of the backup file
 */
public record BackupSummary(BackupHeader header, List<Entry> files, long fileBytes) {
  public BackupSummary {
    files = List.copyOf(files);
  }

  /**
   * One store file in the backup.
   *
   * @param name its name
   * @param size its size
   * @param crc32c its checksum
   */
  public record Entry(String name, long size, long crc32c) {}
}
