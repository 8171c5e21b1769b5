package io.cairnkv.client;

import java.util.List;

/**
 * A consistent point-in-time copy of one member's store, held by that member while the caller reads it.
 * Obtained from {@link KvClient#openBackup()}; writes continue meanwhile. The member discards a session
 * that is not read for 10 minutes. Not thread-safe; close it when done (closing deletes the member's copy).
 */
public interface BackupSession extends AutoCloseable {
  /**
   * A file of the copy.
   *
   * @param name file name
   * @param size size in bytes
   */
  record FileInfo(String name, long size) {}

  /** The member that made the copy. */
  String memberId();

  /** Store revision of the copy. */
  long revision();

  /** Raft log index the copy reflects. */
  long raftIndex();

  /** Raft term of that index. */
  long raftTerm();

  /** Exact number of keys in the copy. */
  long keyCount();

  /** The files of the copy. */
  List<FileInfo> files();

  /**
   * Reads up to {@code maxBytes} of {@code file} from {@code offset}; an empty array means end of file.
   *
   * @throws KvException if the member cannot serve the chunk (the session expired, the member is down)
   */
  byte[] read(String file, long offset, int maxBytes);

  /** Releases the copy on the member; failures are ignored (the member expires it anyway). */
  @Override
  void close();
}
