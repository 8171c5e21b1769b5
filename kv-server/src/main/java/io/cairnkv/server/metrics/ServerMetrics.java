package io.cairnkv.server.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * All metrics of one server in one Prometheus registry: the state machine's {@link KvMetrics}, the
 * scrape-time gauges of {@link NodeMetricsBinder}, Ratis' own metrics through {@link RatisMetricsBridge},
 * and JVM, process and disk metrics. Every meter carries the tag {@code member} (the member id), so
 * dashboards can tell members apart however Prometheus labels its targets.
 *
 * <p>Lifecycle: create before the Raft server (the state machine needs {@link #kv()}), {@link #bindNode}
 * once it runs, {@link #close()} on shutdown (it unhooks the GC listeners). Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
  /** Content type of {@link #scrape()}: the Prometheus text format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final KvMetrics kv;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private volatile RatisMetricsBridge ratis;

  /**
   * @param memberId the member id, added as tag {@code member} to every meter
   * @param dataDir the data directory, whose file system's free space is reported
   */
  public ServerMetrics(String memberId, Path dataDir) {
    RatisMetricsBridge.installReporter();
    registry.config().commonTags("member", memberId);
    kv = new KvMetrics(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new DiskSpaceMetrics(dataDir.toAbsolutePath().toFile()).bindTo(registry);
  }

  /** The meters the state machine updates. */
  public KvMetrics kv() {
    return kv;
  }

  /** The registry, for tests and further binders. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Adds the gauges of a running member and starts exporting its Ratis metrics.
   *
   * @param source the member's state, read on scrape
   * @param memberId the member id, to pick its Ratis registries
   * @param peerIds the group's current member ids
   */
  public void bindNode(NodeMetricsSource source, String memberId, Supplier<Collection<String>> peerIds) {
    new NodeMetricsBinder(source).bindTo(registry);
    ratis = new RatisMetricsBridge(registry, memberId, peerIds);
  }

  /** Every metric in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    RatisMetricsBridge bridge = ratis;
    if (bridge != null) {
      bridge.sync();
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    RatisMetricsBridge bridge = ratis;
    if (bridge != null) {
      bridge.close();
    }
    gcMetrics.close();
    registry.close();
  }
}
