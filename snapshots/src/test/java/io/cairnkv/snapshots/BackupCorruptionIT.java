package io.cairnkv.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Damage anywhere in a backup file is caught by status and by restore, and restore then writes nothing. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackupCorruptionIT {
  private static final String PEERS = "n1=127.0.0.1:1";
  private static Path root;
  private static Path good;
  private static byte[] bytes;

  @BeforeAll
  static void saveABackup() throws Exception {
    root = TestDirs.fresh("BackupCorruptionIT");
    try (InProcessCluster cluster = InProcessCluster.start(root.resolve("cluster"), 1)) {
      KvClient client = cluster.newClient();
      for (int i = 0; i < 300; i++) {
        client.put("k/" + i, "value-" + i);
      }
      good = root.resolve("good.cairnbak");
      BackupSaver.save(client, good, ProgressListener.NONE);
    }
    bytes = Files.readAllBytes(good);
  }

  @Test
  void intactFileVerifies() throws Exception {
    BackupSummary summary = BackupReader.verify(good, ProgressListener.NONE);
    assertThat(summary.header().keyCount()).isEqualTo(300);
    assertThat(summary.fileBytes()).isEqualTo(bytes.length);
  }

  @Test
  void aFlippedByteAnywhereIsCaught() throws Exception {
    Path damaged = root.resolve("flipped.cairnbak");
    // Every byte of the first and last 4 KiB (signature, header, names, trailer) and 400 spread in between.
    long[] positions = LongStream.concat(LongStream.concat(
            LongStream.range(0, Math.min(4096, bytes.length)),
            LongStream.range(Math.max(0, bytes.length - 4096), bytes.length)),
        LongStream.range(0, 400).map(i -> i * bytes.length / 400)).distinct().toArray();
    for (long position : positions) {
      byte[] copy = bytes.clone();
      copy[(int) position] ^= 0x5a;
      Files.write(damaged, copy);
      assertThatThrownBy(() -> BackupReader.verify(damaged, ProgressListener.NONE))
          .as("flipped byte at %d of %d", position, bytes.length)
          .isInstanceOf(CorruptBackupException.class);
    }
  }

  @Test
  void aTruncatedFileIsCaught() throws Exception {
    Path truncated = root.resolve("truncated.cairnbak");
    for (int length : new int[] {0, 5, 8, 12, 20, bytes.length / 3, bytes.length / 2, bytes.length - 17,
        bytes.length - 8, bytes.length - 1}) {
      Files.write(truncated, Arrays.copyOf(bytes, length));
      assertThatThrownBy(() -> BackupReader.verify(truncated, ProgressListener.NONE))
          .as("truncated to %d of %d bytes", length, bytes.length)
          .isInstanceOf(CorruptBackupException.class);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    Files.write(truncated, longer);
    assertThatThrownBy(() -> BackupReader.verify(truncated, ProgressListener.NONE))
        .isInstanceOf(CorruptBackupException.class).hasMessageContaining("after the end marker");
  }

  @Test
  void restoreRefusesADamagedFileAndWritesNothing() throws Exception {
    Path damaged = root.resolve("damaged-for-restore.cairnbak");
    byte[] copy = bytes.clone();
    copy[bytes.length / 2] ^= 1;
    Files.write(damaged, copy);
    Path dataDir = root.resolve("restore-damaged");
    assertThatThrownBy(() -> BackupRestorer.restore(damaged, dataDir, "n1", PEERS, ProgressListener.NONE))
        .isInstanceOf(CorruptBackupException.class).hasMessageContaining("damaged");
    assertThat(Files.exists(dataDir.resolve("store"))).isFalse();
  }

  @Test
  void restoreRefusesANonEmptyDataDirAndAnUnknownMember() throws Exception {
    Path dataDir = Files.createDirectories(root.resolve("restore-nonempty"));
    Files.writeString(dataDir.resolve("precious.txt"), "keep me");
    assertThatThrownBy(() -> BackupRestorer.restore(good, dataDir, "n1", PEERS, ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    assertThat(Files.readString(dataDir.resolve("precious.txt"))).isEqualTo("keep me");
    assertThatThrownBy(() -> BackupRestorer.restore(good, root.resolve("restore-x"), "n9", PEERS,
        ProgressListener.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n9");
  }
}
