package io.cairnkv.server.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a closed RocksDB directory with the content of a checkpoint.
 *
 * <p>The new store is assembled beside the old one ({@code NAME.incoming}), then swapped in by renames.
 * A crash in between leaves no store at the live path, which the state machine treats as empty and
 * rebuilds from the snapshot again. SST files are immutable, so they are hard-linked when the file
 * system allows; every other file is copied.
 */
final class StoreReplacer {
  private static final Logger LOG = LoggerFactory.getLogger(StoreReplacer.class);

  private StoreReplacer() {}

  static void replace(Path store, Path checkpoint) throws IOException {
    Path incoming = store.resolveSibling(store.getFileName() + ".incoming");
    Path outgoing = store.resolveSibling(store.getFileName() + ".outgoing");
    deleteTree(incoming);
    deleteTree(outgoing);
    Files.createDirectories(incoming);
    long linked = 0;
    long copied = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(checkpoint)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file) || name.endsWith(".md5") || name.startsWith("cairnkv-")) {
          continue; // Ratis' transfer digests and our manifest are not part of the database
        }
        Path target = incoming.resolve(name);
        if (name.endsWith(".sst") && tryLink(target, file)) {
          linked++;
        } else {
          Files.copy(file, target);
          copied++;
        }
      }
    }
    if (Files.exists(store)) {
      Files.move(store, outgoing, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(incoming, store, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(outgoing);
    LOG.info("Replaced the store at {} with checkpoint {} ({} files linked, {} copied)", store, checkpoint, linked,
        copied);
  }

  private static boolean tryLink(Path link, Path existing) {
    try {
      Files.createLink(link, existing);
      return true;
    } catch (FileSystemException | UnsupportedOperationException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
