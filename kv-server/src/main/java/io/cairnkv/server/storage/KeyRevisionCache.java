package io.cairnkv.server.storage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The revisions of recently written keys, so that a put need not read the record it replaces from RocksDB.
 *
 * <p>Why: every put reads the key's create revision and version before it writes. On a warm store that read
 * is a search of a large memtable skip list, and it was the biggest single cost of the apply thread (about a
 * third of it, profiled under a put load). Keys written recently are the ones written again soon.
 *
 * <p>Holds only committed state: the engine adds a batch's writes after the batch is written, and a cache
 * belongs to one open store, so a store replaced by a snapshot starts with an empty one. It remembers deleted
 * keys as absent. Bounded by an estimate of its heap use, least recently used first out. Thread-safe, though
 * only the apply thread uses it.
 */
final class KeyRevisionCache {
  /** Heap estimate per entry besides the key bytes: map entry, key wrapper, array header, revisions. */
  static final int ENTRY_OVERHEAD_BYTES = 128;

  private final long maxBytes;
  private final LinkedHashMap<Key, Optional<KeyRevisions>> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  /** @param maxBytes heap budget; 0 keeps nothing */
  KeyRevisionCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * What the cache knows of {@code key}: null if nothing, an empty Optional if the key is known to be
   * absent, else its revisions.
   */
  synchronized Optional<KeyRevisions> get(Key key) {
    Optional<KeyRevisions> known = entries.get(key);
    if (known == null) {
      misses++;
    } else {
      hits++;
    }
    return known;
  }

  /** Records the committed state of {@code key}: its revisions, or empty once deleted. */
  synchronized void put(Key key, Optional<KeyRevisions> revisions) {
    if (maxBytes <= 0) {
      return;
    }
    if (entries.put(key, revisions) == null) {
      bytes += cost(key);
      var eldest = entries.entrySet().iterator();
      while (bytes > maxBytes && eldest.hasNext()) {
        bytes -= cost(eldest.next().getKey());
        eldest.remove();
      }
    }
  }

  /** Records every entry of {@code committed}, in its iteration order. */
  synchronized void putAll(Map<Key, Optional<KeyRevisions>> committed) {
    committed.forEach(this::put);
  }

  /** Lookups answered from the cache since it was created. */
  synchronized long hits() {
    return hits;
  }

  /** Lookups the cache could not answer since it was created. */
  synchronized long misses() {
    return misses;
  }

  /** Entries held now. */
  synchronized int size() {
    return entries.size();
  }

  /** Estimated heap bytes held now. */
  synchronized long bytes() {
    return bytes;
  }

  private static long cost(Key key) {
    return ENTRY_OVERHEAD_BYTES + key.bytes.length;
  }

  /** A key's bytes as a map key: compared by content, hash computed once. */
  static final class Key {
    private final byte[] bytes;
    private final int hash;

    /** Wraps {@code bytes}, which the caller must not change afterwards. */
    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
