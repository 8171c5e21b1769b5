package io.cairnkv.server.metrics;

/**
 * Names of CairnKV's own meters, in Micrometer's dotted form. The Prometheus registry turns dots into
 * underscores and adds the unit and type suffixes: {@code cairnkv.request.duration} (a timer) is exported
 * as {@code cairnkv_request_duration_seconds_bucket/_count/_sum/_max}, {@code cairnkv.requests} (a counter)
 * as {@code cairnkv_requests_total}. docs/operations.md lists the exported names.
 */
public final class MetricNames {
  private MetricNames() {}

  /** Counter, tags {@code op} and {@code status}. */
  public static final String REQUESTS = "cairnkv.requests";
  /** Timer (histogram), tags {@code op} and {@code status}. */
  public static final String REQUEST_DURATION = "cairnkv.request.duration";
  /** Gauge. */
  public static final String REQUESTS_IN_FLIGHT = "cairnkv.requests.in.flight";
  /** Timer (histogram) per applied log entry. */
  public static final String APPLY_DURATION = "cairnkv.apply.duration";
  /** Distribution summary (histogram) of commands per applied log entry. */
  public static final String APPLY_BATCH = "cairnkv.apply.batch.size";
  /** Function counter: log entries applied to the store since start. */
  public static final String APPLY_ENTRIES = "cairnkv.apply.entries";
  /** Function counter: log entries replayed after a restart that the store already held. */
  public static final String APPLY_ENTRIES_SKIPPED = "cairnkv.apply.entries.skipped";
  /** Timer (histogram): one sample per snapshot taken. */
  public static final String SNAPSHOT_DURATION = "cairnkv.snapshot.duration";
  /** Counter. */
  public static final String SNAPSHOT_INSTALLS = "cairnkv.snapshot.installs";
  /** Gauge. */
  public static final String SNAPSHOT_LAST_INDEX = "cairnkv.snapshot.last.index";
  /** Gauge, bytes. */
  public static final String SNAPSHOT_LAST_SIZE = "cairnkv.snapshot.last.size";
  /** Gauge, 1 for the member's current role and 0 for the others; tag {@code role}. */
  public static final String RAFT_ROLE = "cairnkv.raft.role";
  /** Gauge, 1 while the member knows a leader. */
  public static final String RAFT_HAS_LEADER = "cairnkv.raft.has.leader";
  /** Gauge. */
  public static final String RAFT_TERM = "cairnkv.raft.term";
  /** Gauge. */
  public static final String RAFT_COMMIT_INDEX = "cairnkv.raft.commit.index";
  /** Gauge. */
  public static final String RAFT_APPLIED_INDEX = "cairnkv.raft.applied.index";
  /** Counter: a leader was elected or a new one learnt. */
  public static final String LEADER_CHANGES = "cairnkv.raft.leader.changes";
  /** Function counter: elections this member started (Ratis' count). */
  public static final String RAFT_ELECTIONS = "cairnkv.raft.elections";
  /** Gauge: first index in the Raft log. */
  public static final String RAFT_LOG_START_INDEX = "cairnkv.raft.log.start.index";
  /** Gauge: last index in the Raft log. */
  public static final String RAFT_LOG_END_INDEX = "cairnkv.raft.log.end.index";
  /** Gauge, bytes of the Raft log segments on disk. */
  public static final String RAFT_LOG_SIZE = "cairnkv.raft.log.size";
  /** Gauge: the store revision. */
  public static final String STORE_REVISION = "cairnkv.store.revision";
  /** Gauge, bytes. */
  public static final String ROCKSDB_SST_SIZE = "cairnkv.rocksdb.sst.files.size";
  /** Gauge, bytes. */
  public static final String ROCKSDB_MEMTABLE_SIZE = "cairnkv.rocksdb.memtable.size";
  /** Gauge, bytes. */
  public static final String ROCKSDB_PENDING_COMPACTION = "cairnkv.rocksdb.pending.compaction";
  /** Gauge. */
  public static final String ROCKSDB_ESTIMATED_KEYS = "cairnkv.rocksdb.estimated.keys";
  /** Gauge. */
  public static final String ROCKSDB_RUNNING_COMPACTIONS = "cairnkv.rocksdb.running.compactions";
}
