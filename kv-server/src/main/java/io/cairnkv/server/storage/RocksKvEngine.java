package io.cairnkv.server.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KvEngine} on RocksDB. Keys live in the {@code kv} column family; the applied state and the other
 * metadata records (the auth state) live in the default column family, under names prefixed so they can
 * never collide with the applied-state key, and are written in the same {@code WriteBatch} as the data.
 * Checkpoints copy every column family, so snapshots and backups carry the metadata too.
 *
 * <p>Writes skip fsync: the Raft log is the durable record. After a crash RocksDB recovers a prefix of
 * its batches, each with its own applied state, and the state machine re-applies the rest from the
 * log, so nothing is lost and nothing is applied twice.
 *
 * <p>Each put needs its key's previous revisions. Reading them from RocksDB means searching a large memtable
 * skip list (many cold cache lines), so a {@link KeyRevisionCache} remembers recently written keys and those
 * are not read at all. Memtables keep RocksDB's level-style size (128 MiB): 16 MiB ones made puts cheaper
 * still but gets dearer (more of them reach table files). Whole-key Bloom filters in memtables and table
 * files, and a block cache, serve the reads that miss.
 */
public final class RocksKvEngine implements KvEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RocksKvEngine.class);
  private static final byte[] KV_FAMILY = "kv".getBytes(StandardCharsets.UTF_8);
  private static final byte[] APPLIED_KEY = "applied-state".getBytes(StandardCharsets.UTF_8);
  private static final String METADATA_PREFIX = "meta/";
  private static final long BLOCK_CACHE_BYTES = 64L << 20;
  /** Heap budget of the key revision cache when the caller names none. */
  public static final long DEFAULT_KEY_CACHE_BYTES = 64L << 20;

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final Cache blockCache;
  private final BloomFilter bloomFilter;
  private final RocksDB db;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle kv;
  private final WriteOptions writeOptions;
  private final KeyRevisionCache revisionCache;
  private volatile AppliedState applied;

  private RocksKvEngine(Path directory, DBOptions dbOptions, ColumnFamilyOptions familyOptions, Cache blockCache,
      BloomFilter bloomFilter, RocksDB db, List<ColumnFamilyHandle> handles, long keyCacheBytes) {
    this.directory = directory;
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.blockCache = blockCache;
    this.bloomFilter = bloomFilter;
    this.db = db;
    this.revisionCache = new KeyRevisionCache(keyCacheBytes);
    this.meta = handles.get(0);
    this.kv = handles.get(1);
    this.writeOptions = new WriteOptions().setSync(false);
    this.applied = readApplied(null);
  }

  /**
   * Opens (creating if needed) the database in {@code directory}, with a key revision cache of
   * {@link #DEFAULT_KEY_CACHE_BYTES}.
   *
   * @throws StorageException if RocksDB cannot open it
   */
  public static RocksKvEngine open(Path directory) {
    return open(directory, DEFAULT_KEY_CACHE_BYTES);
  }

  /**
   * Opens (creating if needed) the database in {@code directory}.
   *
   * @param keyCacheBytes heap budget of the {@link KeyRevisionCache}; 0 turns it off
   * @throws StorageException if RocksDB cannot open it
   */
  public static RocksKvEngine open(Path directory, long keyCacheBytes) {
    DBOptions dbOptions = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2);
    Cache blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter bloomFilter = new BloomFilter(10, false);
    ColumnFamilyOptions familyOptions = new ColumnFamilyOptions().optimizeLevelStyleCompaction()
        .setMemtablePrefixBloomSizeRatio(0.05)
        .setMemtableWholeKeyFiltering(true)
        .setTableFormatConfig(new BlockBasedTableConfig()
            .setBlockCache(blockCache)
            .setFilterPolicy(bloomFilter));
    List<ColumnFamilyDescriptor> families = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions),
        new ColumnFamilyDescriptor(KV_FAMILY, familyOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      RocksDB db = RocksDB.open(dbOptions, directory.toString(), families, handles);
      RocksKvEngine engine = new RocksKvEngine(directory, dbOptions, familyOptions, blockCache, bloomFilter, db,
          handles, keyCacheBytes);
      LOG.info("Opened store at {}: applied index {}, revision {}", directory, engine.applied.index(),
          engine.applied.revision());
      return engine;
    } catch (RocksDBException | java.io.IOException e) {
      dbOptions.close();
      familyOptions.close();
      blockCache.close();
      bloomFilter.close();
      throw new StorageException("cannot open the store at " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Directory of the live database. */
  public Path directory() {
    return directory;
  }

  @Override
  public AppliedState appliedState() {
    return applied;
  }

  private AppliedState readApplied(ReadOptions options) {
    try {
      byte[] bytes = options == null ? db.get(meta, APPLIED_KEY) : db.get(meta, options, APPLIED_KEY);
      return bytes == null ? AppliedState.EMPTY : AppliedState.decode(bytes);
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the applied state: " + e.getMessage(), e);
    }
  }

  @Override
  public KvReader newReader() {
    return new SnapshotReader();
  }

  @Override
  public KvWriteTxn beginWrite() {
    return new BatchWriter();
  }

  @Override
  public void checkpoint(Path target) {
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StorageException("cannot write a checkpoint to " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * What a closed store or checkpoint holds.
   *
   * @param applied its applied state
   * @param keyCount exact number of keys
   */
  public record Inspection(AppliedState applied, long keyCount) {}

  /** Opens the store in {@code directory} read-only and reports its applied state and exact key count. */
  public static Inspection inspect(Path directory) {
    try (DBOptions dbOptions = new DBOptions(); ColumnFamilyOptions familyOptions = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> families = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions),
          new ColumnFamilyDescriptor(KV_FAMILY, familyOptions));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.openReadOnly(dbOptions, directory.toString(), families, handles)) {
        try {
          byte[] bytes = db.get(handles.get(0), APPLIED_KEY);
          long keys = 0;
          try (RocksIterator it = db.newIterator(handles.get(1))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              keys++;
            }
          }
          return new Inspection(bytes == null ? AppliedState.EMPTY : AppliedState.decode(bytes), keys);
        } finally {
          handles.forEach(ColumnFamilyHandle::close);
        }
      }
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the store at " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rewrites the applied state of the closed store in {@code directory} to log position (0, 0) while keeping
   * its revision: a store restored from a backup starts a new Raft log, whose entries must all apply.
   */
  public static void resetLogPosition(Path directory) {
    try (RocksKvEngine engine = open(directory)) {
      try (KvWriteTxn txn = engine.beginWrite()) {
        txn.commit(new AppliedState(0, 0, engine.appliedState().revision()));
      }
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        engine.db.flush(flush, List.of(engine.meta, engine.kv));
      } catch (RocksDBException e) {
        throw new StorageException("cannot flush the restored store at " + directory + ": " + e.getMessage(), e);
      }
    }
  }

  /** A factory for the store in {@code directory}, with a key revision cache of {@link #DEFAULT_KEY_CACHE_BYTES}. */
  public static EngineFactory factory(Path directory) {
    return factory(directory, DEFAULT_KEY_CACHE_BYTES);
  }

  /**
   * A factory for the store in {@code directory}.
   *
   * @param keyCacheBytes heap budget of each opened store's {@link KeyRevisionCache}; 0 turns it off
   */
  public static EngineFactory factory(Path directory, long keyCacheBytes) {
    return new EngineFactory() {
      @Override
      public KvEngine open() {
        return RocksKvEngine.open(directory, keyCacheBytes);
      }

      @Override
      public void replaceWithCheckpoint(Path checkpoint) throws java.io.IOException {
        StoreReplacer.replace(directory, checkpoint);
      }
    };
  }

  @Override
  public long estimatedKeyCount() {
    try {
      return db.getLongProperty(kv, "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      return -1;
    }
  }

  @Override
  public StoreStats stats() {
    // Summed over both column families: the data and the applied-state metadata.
    return new StoreStats(aggregated("rocksdb.total-sst-files-size"), aggregated("rocksdb.size-all-mem-tables"),
        aggregated("rocksdb.estimate-pending-compaction-bytes"), aggregated("rocksdb.estimate-num-keys"),
        dbWide("rocksdb.num-running-compactions"));
  }

  private long dbWide(String property) {
    try {
      return db.getLongProperty(property);
    } catch (RocksDBException e) {
      return -1;
    }
  }

  private long aggregated(String property) {
    try {
      return db.getAggregatedLongProperty(property);
    } catch (RocksDBException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    writeOptions.close();
    meta.close();
    kv.close();
    db.close();
    dbOptions.close();
    familyOptions.close();
    blockCache.close();
    bloomFilter.close();
    LOG.info("Closed store at {}", directory);
  }

  private static byte[] metadataKey(String name) {
    return (METADATA_PREFIX + name).getBytes(StandardCharsets.UTF_8);
  }

  private static Optional<KvRecord> decode(byte[] bytes) {
    return bytes == null ? Optional.empty() : Optional.of(KvRecord.decode(bytes));
  }

  /** Scans an iterator over {@code [start, end)}; shared by both reader kinds. */
  private static void scan(RocksIterator it, byte[] start, byte[] end, boolean reverse, KvReader.ScanVisitor visitor) {
    if (reverse) {
      if (end == null) {
        it.seekToLast();
      } else {
        it.seekForPrev(end);
        if (it.isValid() && Arrays.equals(it.key(), end)) {
          it.prev();
        }
      }
      for (; it.isValid(); it.prev()) {
        byte[] key = it.key();
        if (Arrays.compareUnsigned(key, start) < 0 || !visitor.visit(key, KvRecord.decode(it.value()))) {
          return;
        }
      }
    } else {
      for (it.seek(start); it.isValid(); it.next()) {
        byte[] key = it.key();
        if ((end != null && Arrays.compareUnsigned(key, end) >= 0) || !visitor.visit(key, KvRecord.decode(it.value()))) {
          return;
        }
      }
    }
  }

  private final class SnapshotReader implements KvReader {
    private final Snapshot snapshot = db.getSnapshot();
    private final ReadOptions options = new ReadOptions().setSnapshot(snapshot);

    @Override
    public Optional<KvRecord> get(byte[] key) {
      try {
        return decode(db.get(kv, options, key));
      } catch (RocksDBException e) {
        throw new StorageException("read failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void scan(byte[] start, byte[] end, boolean reverse, ScanVisitor visitor) {
      try (RocksIterator it = db.newIterator(kv, options)) {
        RocksKvEngine.scan(it, start, end, reverse, visitor);
      }
    }

    @Override
    public Optional<byte[]> metadata(String name) {
      try {
        return Optional.ofNullable(db.get(meta, options, metadataKey(name)));
      } catch (RocksDBException e) {
        throw new StorageException("metadata read failed: " + e.getMessage(), e);
      }
    }

    @Override
    public AppliedState appliedState() {
      return readApplied(options);
    }

    @Override
    public void close() {
      options.close();
      db.releaseSnapshot(snapshot);
    }
  }

  /** The key revision cache, for tests. */
  KeyRevisionCache revisionCache() {
    return revisionCache;
  }

  private final class BatchWriter implements KvWriteTxn {
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private final ReadOptions options = new ReadOptions();
    /** The revisions this batch wrote, by key (empty: deleted); they reach the revision cache on commit. */
    private final Map<KeyRevisionCache.Key, Optional<KeyRevisions>> written = new HashMap<>();

    @Override
    public Optional<KeyRevisions> revisions(byte[] key) {
      KeyRevisionCache.Key k = new KeyRevisionCache.Key(key);
      Optional<KeyRevisions> known = written.get(k);
      if (known == null) {
        known = revisionCache.get(k);
      }
      if (known == null) {
        // Not written by this batch, so the store's committed record is the answer.
        try {
          known = decode(db.get(kv, options, key)).map(KvRecord::revisions);
        } catch (RocksDBException e) {
          throw new StorageException("read failed: " + e.getMessage(), e);
        }
      }
      return known;
    }

    @Override
    public Optional<KvRecord> get(byte[] key) {
      try {
        return decode(batch.getFromBatchAndDB(db, kv, options, key));
      } catch (RocksDBException e) {
        throw new StorageException("read failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void scan(byte[] start, byte[] end, boolean reverse, ScanVisitor visitor) {
      try (RocksIterator base = db.newIterator(kv, options);
           RocksIterator it = batch.newIteratorWithBase(kv, base, null)) {
        RocksKvEngine.scan(it, start, end, reverse, visitor);
      }
    }

    @Override
    public Optional<byte[]> metadata(String name) {
      try {
        return Optional.ofNullable(batch.getFromBatchAndDB(db, meta, options, metadataKey(name)));
      } catch (RocksDBException e) {
        throw new StorageException("metadata read failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void putMetadata(String name, byte[] value) {
      try {
        batch.put(meta, metadataKey(name), value);
      } catch (RocksDBException e) {
        throw new StorageException("batch metadata put failed: " + e.getMessage(), e);
      }
    }

    @Override
    public AppliedState appliedState() {
      return applied;
    }

    @Override
    public void put(byte[] key, KvRecord record) {
      try {
        batch.put(kv, key, record.encode());
        written.put(new KeyRevisionCache.Key(key), Optional.of(record.revisions()));
      } catch (RocksDBException e) {
        throw new StorageException("batch put failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void delete(byte[] key) {
      try {
        batch.delete(kv, key);
        written.put(new KeyRevisionCache.Key(key), Optional.empty());
      } catch (RocksDBException e) {
        throw new StorageException("batch delete failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void commit(AppliedState state) {
      try {
        batch.put(meta, APPLIED_KEY, state.encode());
        db.write(writeOptions, batch);
        applied = state;
        revisionCache.putAll(written);
      } catch (RocksDBException e) {
        throw new StorageException("write of applied index " + state.index() + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      options.close();
      batch.close();
    }
  }
}
