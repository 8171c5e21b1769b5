package io.cairnkv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge on Ratis registries made here (no server): names, types, peer tags, ownership, removal. */
@Timeout(10)
class RatisMetricsBridgeTest {
  private static final MetricRegistryInfo MINE =
      new MetricRegistryInfo("t1@group-ABC", "ratis", "server", "test registry");
  private static final MetricRegistryInfo APPENDER =
      new MetricRegistryInfo("t1@group-ABC", "ratis_grpc", "log_appender", "test registry");
  private static final MetricRegistryInfo OTHER_MEMBER =
      new MetricRegistryInfo("t10@group-ABC", "ratis", "server", "test registry");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RatisMetricsBridge bridge = new RatisMetricsBridge(registry, "t1", () -> List.of("t1", "t2"));

  @AfterEach
  void removeRegistries() {
    bridge.close();
    for (MetricRegistryInfo info : List.of(MINE, APPENDER, OTHER_MEMBER)) {
      MetricRegistries.global().remove(info);
    }
  }

  @Test
  void namesBecomeSnakeCaseUnderRatis() {
    assertThat(RatisMetricsBridge.meterName("ratis_server", "numPendingRequestInQueue"))
        .isEqualTo("ratis_server_num_pending_request_in_queue");
    assertThat(RatisMetricsBridge.meterName("ratis_server", "numWatchALLRequestInQueue"))
        .isEqualTo("ratis_server_num_watch_all_request_in_queue");
    assertThat(RatisMetricsBridge.meterName("ratis_grpc_log_appender", "num_retries"))
        .isEqualTo("ratis_grpc_log_appender_num_retries");
    assertThat(RatisMetricsBridge.meterName("ratis_server_message_metrics",
        "ratis.grpc.AdminProtocolService_groupInfo_started_total"))
        .isEqualTo("ratis_server_message_metrics_ratis_grpc_admin_protocol_service_group_info_started_total");
  }

  @Test
  void gaugesCountersAndTimersOfThisMemberAreExported() {
    RatisMetricRegistry mine = MetricRegistries.global().create(MINE);
    AtomicInteger pending = new AtomicInteger(7);
    mine.gauge("numPendingRequestInQueue", () -> pending::get);
    mine.gauge("aBoolean", () -> () -> true);
    LongCounter hits = mine.counter("numResourceLimitHits");
    hits.inc(3);
    mine.timer("clientWriteRequest").time().stop();
    MetricRegistries.global().create(OTHER_MEMBER).counter("numResourceLimitHits").inc();

    bridge.sync();

    assertThat(registry.get("ratis_server_num_pending_request_in_queue").gauge().value()).isEqualTo(7);
    pending.set(9);
    assertThat(registry.get("ratis_server_num_pending_request_in_queue").gauge().value()).isEqualTo(9);
    assertThat(registry.get("ratis_server_a_boolean").gauge().value()).isEqualTo(1);
    FunctionCounter counter = registry.get("ratis_server_num_resource_limit_hits").functionCounter();
    assertThat(counter.count()).as("only t1's registry, not t10's").isEqualTo(3);
    assertThat(registry.get("ratis_server_client_write_request").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("ratis_server_client_write_request_seconds").tag("stat", "max").gauge().value())
        .isGreaterThanOrEqualTo(0);
  }

  @Test
  void peerIdsInNamesBecomeTags() {
    RatisMetricRegistry appender = MetricRegistries.global().create(APPENDER);
    appender.counter("t2_success_reply_count").inc(5);
    appender.timer("t2_latency").time().stop();
    appender.counter("num_retries").inc();

    bridge.sync();

    assertThat(registry.get("ratis_grpc_log_appender_success_reply_count").tag("peer", "t2").functionCounter()
        .count()).isEqualTo(5);
    assertThat(registry.get("ratis_grpc_log_appender_latency").tag("peer", "t2").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("ratis_grpc_log_appender_num_retries").functionCounter().getId().getTags()).isEmpty();
  }

  @Test
  void metricsOfARemovedOrRecreatedRegistryFollowRatis() {
    MetricRegistries.global().create(MINE).counter("numInstallSnapshot").inc(2);
    bridge.sync();
    assertThat(registry.find("ratis_server_num_install_snapshot").functionCounter().count()).isEqualTo(2);

    MetricRegistries.global().remove(MINE);
    bridge.sync();
    assertThat(registry.find("ratis_server_num_install_snapshot").functionCounter()).isNull();

    // As when a member becomes leader again: a new registry, new metric objects, the same names.
    MetricRegistries.global().create(MINE).counter("numInstallSnapshot").inc(1);
    bridge.sync();
    assertThat(registry.find("ratis_server_num_install_snapshot").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void closeRemovesEveryBridgedMeter() {
    MetricRegistries.global().create(MINE).gauge("x", () -> () -> 1L);
    bridge.sync();
    assertThat(bridge.size()).isPositive();

    bridge.close();
    bridge.sync();

    assertThat(registry.find("ratis_server_x").gauge()).isNull();
    assertThat(bridge.size()).isZero();
  }

  @Test
  void counterReadsOneRatisCounter() {
    MetricRegistries.global().create(MINE).counter("electionCount").inc(4);
    assertThat(RatisMetricsBridge.counter("t1@group-ABC", "server", "electionCount")).isEqualTo(4);
    assertThat(RatisMetricsBridge.counter("t1@group-ABC", "server", "missing")).isZero();
    assertThat(RatisMetricsBridge.counter("nobody", "server", "electionCount")).isZero();
  }

  @Test
  void aGaugeThatFailsReadsAsNaN() {
    MetricRegistries.global().create(MINE).gauge("broken", () -> () -> {
      throw new IllegalStateException("closed");
    });
    MetricRegistries.global().get(MINE).orElseThrow().gauge("text", () -> () -> "not a number");
    bridge.sync();
    Gauge broken = registry.get("ratis_server_broken").gauge();
    assertThat(broken.value()).isNaN();
    assertThat(registry.get("ratis_server_text").gauge().value()).isNaN();
  }
}
