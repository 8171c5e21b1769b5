package io.cairnkv.ctl;

import picocli.CommandLine;

/**
 * Adds commands to kvctl from modules that depend on the server (the backup commands live in the
 * {@code snapshots} module). Implementations are found with {@link java.util.ServiceLoader}.
 */
public interface KvctlExtension {
  /** Adds commands to {@code root} or to its subcommands. */
  void register(CommandLine root);
}
