package io.cairnkv.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counter;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counting;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.Sampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the metrics Ratis keeps for one member (its shaded Dropwizard registries, found through
 * {@link MetricRegistries#global()}) as Micrometer meters named {@code ratis_<component>_<metric>} in
 * snake case: gauges as gauges, counters as function counters, and timers and histograms as a count
 * ({@code _total}) plus gauges of their recent distribution ({@code _seconds} for timers, tag {@code stat}
 * = mean, p99 or max). A peer id embedded in a Ratis name ({@code follower_n2_next_index}) becomes a
 * {@code peer} tag ({@code ratis_log_appender_follower_next_index{peer="n2"}}).
 *
 * <p>Ratis creates and drops registries as the member changes role, so {@link #sync()} re-reads them:
 * call it before every scrape. Only registries of this member are exported (several members may share a
 * JVM in tests). Thread-safe.
 */
public final class RatisMetricsBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RatisMetricsBridge.class);
  private static final AtomicBoolean REPORTER_REGISTERED = new AtomicBoolean();
  private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern ACRONYM = Pattern.compile("([A-Z]+)([A-Z][a-z])");
  private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9_]+");
  private static final Pattern UNDERSCORES = Pattern.compile("_{2,}");
  private static final double NANOS_PER_SECOND = 1e9;

  private final MeterRegistry registry;
  private final String memberId;
  private final Supplier<Collection<String>> peerIds;
  /** Bridged Dropwizard metric (by identity: Ratis re-creates metrics under old names) -> our meters. */
  private final Map<Metric, List<Meter>> bridged = new IdentityHashMap<>();
  private boolean closed;

  /**
   * @param registry where to add the meters
   * @param memberId this member's id; registries of other members are ignored
   * @param peerIds the group's current member ids, to turn ids inside Ratis names into tags
   */
  public RatisMetricsBridge(MeterRegistry registry, String memberId, Supplier<Collection<String>> peerIds) {
    this.registry = registry;
    this.memberId = memberId;
    this.peerIds = peerIds;
    installReporter();
  }

  /**
   * Without any reporter registered when Ratis creates its first registry, Ratis starts a JMX reporter
   * that registers every Ratis metric as an MBean. This bridge reads the registries on scrape instead, so
   * a reporter that does nothing is registered, once per JVM; call this before the first Raft server
   * starts (later calls do nothing).
   */
  public static void installReporter() {
    if (REPORTER_REGISTERED.compareAndSet(false, true)) {
      MetricRegistries.global().addReporterRegistration(r -> { }, r -> { });
    }
  }

  /** Adds meters for new Ratis metrics of this member and removes those of metrics Ratis dropped. */
  public synchronized void sync() {
    if (closed) {
      return;
    }
    Map<Metric, Source> current = new IdentityHashMap<>();
    for (RatisMetricRegistry r : MetricRegistries.global().getMetricRegistries()) {
      MetricRegistryInfo info = r.getMetricRegistryInfo();
      if (!ownedByThisMember(info.getPrefix()) || !(r instanceof RatisMetricRegistryImpl)) {
        continue;
      }
      String namePrefix = info.getApplicationName() + "." + info.getMetricsComponentName() + "." + info.getPrefix()
          + ".";
      String base = info.getApplicationName() + "_" + info.getMetricsComponentName();
      ((RatisMetricRegistryImpl) r).getDropWizardMetricRegistry().getMetrics().forEach((name, metric) -> {
        String shortName = name.startsWith(namePrefix) ? name.substring(namePrefix.length()) : name;
        current.put(metric, new Source(base, shortName));
      });
    }
    // Remove first: a re-created Ratis metric maps to the same meter id as the one it replaces.
    bridged.entrySet().removeIf(e -> {
      if (current.containsKey(e.getKey())) {
        return false;
      }
      e.getValue().forEach(registry::remove);
      return true;
    });
    Set<String> peers = Set.copyOf(peerIds.get());
    current.forEach((metric, source) -> {
      if (!bridged.containsKey(metric)) {
        bridged.put(metric, bind(metric, source, peers));
      }
    });
  }

  private boolean ownedByThisMember(String prefix) {
    return prefix.equals(memberId) || prefix.startsWith(memberId + "@");
  }

  private List<Meter> bind(Metric metric, Source source, Set<String> peers) {
    String shortName = source.shortName();
    Tags tags = Tags.empty();
    for (String peer : peers) {
      if (shortName.startsWith(peer + "_")) {
        shortName = shortName.substring(peer.length() + 1);
      } else if (shortName.contains("_" + peer + "_")) {
        shortName = shortName.replace("_" + peer + "_", "_");
      } else {
        continue;
      }
      tags = Tags.of("peer", peer);
      break;
    }
    String name = meterName(source.base(), shortName);
    List<Meter> meters = new ArrayList<>();
    try {
      if (metric instanceof org.apache.ratis.thirdparty.com.codahale.metrics.Gauge) {
        org.apache.ratis.thirdparty.com.codahale.metrics.Gauge<?> g =
            (org.apache.ratis.thirdparty.com.codahale.metrics.Gauge<?>) metric;
        meters.add(Gauge.builder(name, g, RatisMetricsBridge::gaugeValue).tags(tags).strongReference(true)
            .description("Ratis gauge " + source.shortName()).register(registry));
      } else if (metric instanceof Counter) {
        meters.add(FunctionCounter.builder(name, (Counter) metric, c -> Math.max(0, c.getCount())).tags(tags)
            .description("Ratis counter " + source.shortName()).register(registry));
      } else if (metric instanceof Counting) {
        meters.add(FunctionCounter.builder(name, (Counting) metric, Counting::getCount).tags(tags)
            .description("Ratis " + source.shortName() + ": events counted").register(registry));
        if (metric instanceof Sampling) {
          boolean timer = metric instanceof org.apache.ratis.thirdparty.com.codahale.metrics.Timer;
          double scale = timer ? NANOS_PER_SECOND : 1;
          Sampling sampling = (Sampling) metric;
          String statName = timer ? name + "_seconds" : name + "_recent";
          meters.add(stat(statName, tags, "mean", sampling, s -> s.getSnapshot().getMean() / scale, source));
          meters.add(stat(statName, tags, "p99", sampling, s -> s.getSnapshot().get99thPercentile() / scale, source));
          meters.add(stat(statName, tags, "max", sampling, s -> s.getSnapshot().getMax() / scale, source));
        }
      }
    } catch (RuntimeException e) {
      // E.g. a name clash with another meter type: skip this metric rather than fail the scrape.
      LOG.debug("Not exporting Ratis metric {} as {}: {}", source.shortName(), name, e.toString());
    }
    return meters;
  }

  private Meter stat(String name, Tags tags, String stat, Sampling sampling, ToDoubleFunction<Sampling> value,
      Source source) {
    return Gauge.builder(name, sampling, value).tags(tags).tag("stat", stat).strongReference(true)
        .description("Ratis " + source.shortName() + ": recent distribution (decaying reservoir)").register(registry);
  }

  private static double gaugeValue(org.apache.ratis.thirdparty.com.codahale.metrics.Gauge<?> gauge) {
    Object value;
    try {
      value = gauge.getValue();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? 1 : 0;
    }
    return Double.NaN;
  }

  /** {@code ratis_grpc} + {@code log_appender} + {@code numRetries} -> {@code ratis_grpc_log_appender_num_retries}. */
  static String meterName(String base, String shortName) {
    String words = ACRONYM.matcher(base + "_" + shortName).replaceAll("$1_$2");
    String snake = CAMEL.matcher(words).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    snake = UNDERSCORES.matcher(NOT_NAME.matcher(snake).replaceAll("_")).replaceAll("_");
    snake = snake.endsWith("_") ? snake.substring(0, snake.length() - 1) : snake;
    return snake.startsWith("ratis") ? snake : "ratis_" + snake;
  }

  /**
   * The value of one Ratis counter, e.g. {@code counter("n1@group-..", "leader_election", "electionCount")};
   * 0 when Ratis has not created it (yet).
   *
   * @param prefix the registry prefix, the member id within its group ({@code RaftGroupMemberId})
   * @param component the registry's component
   * @param shortName the counter's name within the registry
   */
  public static long counter(String prefix, String component, String shortName) {
    for (RatisMetricRegistry r : MetricRegistries.global().getMetricRegistries()) {
      MetricRegistryInfo info = r.getMetricRegistryInfo();
      if (info.getPrefix().equals(prefix) && info.getMetricsComponentName().equals(component)
          && r instanceof RatisMetricRegistryImpl) {
        String name = info.getApplicationName() + "." + component + "." + prefix + "." + shortName;
        Counter c = ((RatisMetricRegistryImpl) r).getDropWizardMetricRegistry().getCounters().get(name);
        return c == null ? 0 : c.getCount();
      }
    }
    return 0;
  }

  /** Meters this bridge added, for tests. */
  synchronized int size() {
    return bridged.values().stream().mapToInt(List::size).sum();
  }

  /** Removes every meter this bridge added; {@link #sync()} does nothing afterwards. */
  @Override
  public synchronized void close() {
    closed = true;
    bridged.values().forEach(meters -> meters.forEach(registry::remove));
    bridged.clear();
  }

  private record Source(String base, String shortName) {}
}
