package io.cairnkv.server.metrics;

import io.cairnkv.server.storage.StoreStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Gauges of Raft state, snapshots and store sizes, read from a {@link NodeMetricsSource} on each scrape
 * (nothing to update on the hot path). An unknown value ({@code -1}) is exported as NaN so that it does
 * not look like a real zero.
 */
public final class NodeMetricsBinder implements MeterBinder {
  /** Ratis' roles, as in {@code RaftPeerRole}. */
  static final List<String> ROLES = List.of("LEADER", "FOLLOWER", "CANDIDATE", "LISTENER");

  private final NodeMetricsSource source;

  /** Binds the gauges of {@code source}. */
  public NodeMetricsBinder(NodeMetricsSource source) {
    this.source = source;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String role : ROLES) {
      Gauge.builder(MetricNames.RAFT_ROLE, source, s -> s.role().map(role::equals).orElse(false) ? 1 : 0)
          .description("1 for the member's current Raft role, 0 for the others")
          .tag("role", role.toLowerCase(Locale.ROOT)).strongReference(true).register(registry);
    }
    gauge(registry, MetricNames.RAFT_HAS_LEADER, "1 while the member knows a leader", null,
        s -> s.hasLeader() ? 1 : 0);
    gauge(registry, MetricNames.RAFT_TERM, "Current Raft term", null, NodeMetricsSource::term);
    gauge(registry, MetricNames.RAFT_COMMIT_INDEX, "Highest log index known committed", null,
        NodeMetricsSource::commitIndex);
    gauge(registry, MetricNames.RAFT_APPLIED_INDEX, "Highest log index applied to the store", null,
        NodeMetricsSource::appliedIndex);
    gauge(registry, MetricNames.RAFT_LOG_START_INDEX, "First index in the Raft log", null,
        NodeMetricsSource::logStartIndex);
    gauge(registry, MetricNames.RAFT_LOG_END_INDEX, "Last index in the Raft log", null,
        NodeMetricsSource::logEndIndex);
    gauge(registry, MetricNames.RAFT_LOG_SIZE, "Raft log segments on disk", "bytes", NodeMetricsSource::logSizeBytes);
    counter(registry, MetricNames.RAFT_ELECTIONS, "Elections this member started", NodeMetricsSource::elections);
    counter(registry, MetricNames.APPLY_ENTRIES, "Log entries applied to the store since start",
        NodeMetricsSource::entriesApplied);
    counter(registry, MetricNames.APPLY_ENTRIES_SKIPPED,
        "Log entries replayed since start that the store already held", NodeMetricsSource::entriesSkipped);
    gauge(registry, MetricNames.SNAPSHOT_LAST_INDEX, "Log index of the newest snapshot", null,
        NodeMetricsSource::lastSnapshotIndex);
    gauge(registry, MetricNames.SNAPSHOT_LAST_SIZE, "Size of the newest snapshot", "bytes",
        NodeMetricsSource::lastSnapshotBytes);
    gauge(registry, MetricNames.STORE_REVISION, "Store revision", null, NodeMetricsSource::revision);
    store(registry, MetricNames.ROCKSDB_SST_SIZE, "RocksDB table files (rocksdb.total-sst-files-size)", "bytes",
        StoreStats::sstFilesBytes);
    store(registry, MetricNames.ROCKSDB_MEMTABLE_SIZE, "RocksDB memtables (rocksdb.size-all-mem-tables)", "bytes",
        StoreStats::memtableBytes);
    store(registry, MetricNames.ROCKSDB_PENDING_COMPACTION,
        "Bytes RocksDB compaction still has to rewrite (rocksdb.estimate-pending-compaction-bytes)", "bytes",
        StoreStats::pendingCompactionBytes);
    store(registry, MetricNames.ROCKSDB_ESTIMATED_KEYS, "Estimated keys (rocksdb.estimate-num-keys)", null,
        StoreStats::estimatedKeys);
    store(registry, MetricNames.ROCKSDB_RUNNING_COMPACTIONS, "Compactions running (rocksdb.num-running-compactions)",
        null, StoreStats::runningCompactions);
  }

  private void gauge(MeterRegistry registry, String name, String description, String unit,
      ToLongFunction<NodeMetricsSource> value) {
    Gauge.builder(name, source, known(value)).description(description).baseUnit(unit).strongReference(true)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description,
      ToLongFunction<NodeMetricsSource> value) {
    FunctionCounter.builder(name, source, s -> Math.max(0, value.applyAsLong(s))).description(description)
        .register(registry);
  }

  private void store(MeterRegistry registry, String name, String description, String unit,
      ToLongFunction<StoreStats> value) {
    gauge(registry, name, description, unit, s -> s.storeStats().map(value::applyAsLong).orElse(-1L));
  }

  private static ToDoubleFunction<NodeMetricsSource> known(ToLongFunction<NodeMetricsSource> value) {
    return s -> {
      long v = value.applyAsLong(s);
      return v < 0 ? Double.NaN : v;
    };
  }
}
