package io.cairnkv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.server.storage.StoreStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NodeMetricsBinderTest {
  /** A member in a settable state. */
  private static final class FakeSource implements NodeMetricsSource {
    volatile Optional<String> role = Optional.of("FOLLOWER");
    volatile Optional<StoreStats> stats = Optional.of(new StoreStats(100, 20, 0, 5, 1));
    volatile long snapshotIndex = -1;

    @Override public Optional<String> role() { return role; }
    @Override public boolean hasLeader() { return role.isPresent(); }
    @Override public long term() { return 3; }
    @Override public long commitIndex() { return 42; }
    @Override public long appliedIndex() { return 41; }
    @Override public long logStartIndex() { return 0; }
    @Override public long logEndIndex() { return 42; }
    @Override public long logSizeBytes() { return 4096; }
    @Override public long elections() { return 2; }
    @Override public long lastSnapshotIndex() { return snapshotIndex; }
    @Override public long lastSnapshotBytes() { return -1; }
    @Override public long revision() { return 17; }
    @Override public long entriesApplied() { return 40; }
    @Override public long entriesSkipped() { return 1; }
    @Override public Optional<StoreStats> storeStats() { return stats; }
  }

  private final FakeSource source = new FakeSource();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  NodeMetricsBinderTest() {
    new NodeMetricsBinder(source).bindTo(registry);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double role(String role) {
    return registry.get(MetricNames.RAFT_ROLE).tag("role", role).gauge().value();
  }

  @Test
  void exactlyTheCurrentRoleIsOne() {
    assertThat(role("follower")).isEqualTo(1);
    assertThat(role("leader") + role("candidate") + role("listener")).isZero();
    source.role = Optional.of("LEADER");
    assertThat(role("leader")).isEqualTo(1);
    assertThat(role("follower")).isZero();
    source.role = Optional.empty();
    assertThat(role("leader") + role("follower") + role("candidate") + role("listener")).isZero();
    assertThat(gauge(MetricNames.RAFT_HAS_LEADER)).isZero();
  }

  @Test
  void gaugesReadTheSourceOnEveryScrape() {
    assertThat(gauge(MetricNames.RAFT_TERM)).isEqualTo(3);
    assertThat(gauge(MetricNames.RAFT_COMMIT_INDEX)).isEqualTo(42);
    assertThat(gauge(MetricNames.RAFT_APPLIED_INDEX)).isEqualTo(41);
    assertThat(gauge(MetricNames.RAFT_LOG_SIZE)).isEqualTo(4096);
    assertThat(gauge(MetricNames.STORE_REVISION)).isEqualTo(17);
    assertThat(gauge(MetricNames.ROCKSDB_SST_SIZE)).isEqualTo(100);
    assertThat(gauge(MetricNames.ROCKSDB_MEMTABLE_SIZE)).isEqualTo(20);
    assertThat(registry.get(MetricNames.RAFT_ELECTIONS).functionCounter().count()).isEqualTo(2);
    assertThat(registry.get(MetricNames.APPLY_ENTRIES).functionCounter().count()).isEqualTo(40);
    source.snapshotIndex = 30;
    assertThat(gauge(MetricNames.SNAPSHOT_LAST_INDEX)).isEqualTo(30);
  }

  @Test
  void unknownValuesAreNaNNotZero() {
    assertThat(gauge(MetricNames.SNAPSHOT_LAST_INDEX)).isNaN();
    assertThat(gauge(MetricNames.SNAPSHOT_LAST_SIZE)).isNaN();
    source.stats = Optional.empty();
    assertThat(gauge(MetricNames.ROCKSDB_SST_SIZE)).isNaN();
    assertThat(gauge(MetricNames.ROCKSDB_ESTIMATED_KEYS)).isNaN();
  }
}
