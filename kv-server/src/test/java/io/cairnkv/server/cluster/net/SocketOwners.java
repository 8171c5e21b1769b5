package io.cairnkv.server.cluster.net;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds which local process opened a loopback TCP connection, from Linux's {@code /proc}: the socket's
 * inode in {@code /proc/net/tcp[6]}, then the process among the candidates holding {@code socket:[inode]}
 * in {@code /proc/<pid>/fd}. This is how a proxy tells which member dialled it: every member dials a peer
 * at the same address (Raft replicates the configuration), so the address alone cannot say. Stateless.
 */
final class SocketOwners {
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private SocketOwners() {}

  /** Whether this system has the {@code /proc} files the lookup needs. */
  static boolean supported() {
    return Files.isReadable(TABLES.get(0)) && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  /**
   * The pid among {@code candidates} that owns the connection from local port {@code clientPort} to
   * {@code serverPort}, if any (a process outside the candidates, or one that closed it, gives empty).
   */
  static OptionalLong ownerOf(int clientPort, int serverPort, Collection<Long> candidates) {
    Optional<String> inode = inode(clientPort, serverPort);
    if (inode.isEmpty()) {
      return OptionalLong.empty();
    }
    String link = "socket:[" + inode.get() + "]";
    for (long pid : candidates) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
        for (Path fd : fds) {
          if (link.equals(readLink(fd))) {
            return OptionalLong.of(pid);
          }
        }
      } catch (IOException gone) {
        // the process exited meanwhile
      }
    }
    return OptionalLong.empty();
  }

  /** The inode of the socket whose local port is {@code clientPort} and remote port {@code serverPort}. */
  private static Optional<String> inode(int clientPort, int serverPort) {
    String local = String.format(":%04X", clientPort);
    String remote = String.format(":%04X", serverPort);
    for (Path table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException absent) {
        continue;
      }
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[1].endsWith(local) && f[2].endsWith(remote) && !f[9].equals("0")) {
          return Optional.of(f[9]);
        }
      }
    }
    return Optional.empty();
  }

  private static String readLink(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }
}
