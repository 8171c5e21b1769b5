package io.cairnkv.server.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a replica's store, and replaces it wholesale from a checkpoint (snapshot installation, restore). */
public interface EngineFactory {
  /** Opens the store, creating an empty one if there is none. */
  KvEngine open();

  /**
   * Replaces the store's content with the checkpoint in {@code checkpoint}. The store must be closed.
   * Crash-safe: an interrupted replacement leaves either the old store or none, never a mix.
   */
  void replaceWithCheckpoint(Path checkpoint) throws IOException;
}
