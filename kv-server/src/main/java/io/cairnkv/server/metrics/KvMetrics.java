package io.cairnkv.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters the state machine updates on its hot paths: requests by operation and status, requests in
 * flight, apply latency and batch size, snapshots and leader changes. Gauges that are read on scrape
 * (Raft indexes, store sizes) live in the binders of this package instead.
 *
 * <p>Names follow Prometheus conventions once exported: {@code cairnkv_requests_total},
 * {@code cairnkv_request_duration_seconds}, ... (see {@link MetricNames}). Thread-safe.
 */
public final class KvMetrics {
  /** Request latency buckets: a write costs a Raft round trip plus an fsync, a read a ReadIndex round trip. */
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  private final MeterRegistry registry;
  private final ConcurrentMap<String, RequestMeters> requestMeters = new ConcurrentHashMap<>();
  private final AtomicLong inFlight = new AtomicLong();
  private final Timer applyDuration;
  private final DistributionSummary applyBatch;
  private final Timer snapshotDuration;
  private final Counter snapshotInstalls;
  private final Counter leaderChanges;

  /** Meters registered in {@code registry}. */
  public KvMetrics(MeterRegistry registry) {
    this.registry = registry;
    io.micrometer.core.instrument.Gauge.builder(MetricNames.REQUESTS_IN_FLIGHT, inFlight, AtomicLong::get)
        .description("Requests received and not answered yet (reads, and writes until applied on the leader)")
        .register(registry);
    applyDuration = Timer.builder(MetricNames.APPLY_DURATION)
        .description("Time to apply one committed log entry to the store")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    applyBatch = DistributionSummary.builder(MetricNames.APPLY_BATCH)
        .description("Commands per applied log entry").baseUnit("commands")
        .serviceLevelObjectives(BATCH_BUCKETS).register(registry);
    snapshotDuration = Timer.builder(MetricNames.SNAPSHOT_DURATION)
        .description("Time to take a Raft snapshot (store checkpoint plus manifest)")
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofSeconds(60))
        .register(registry);
    snapshotInstalls = Counter.builder(MetricNames.SNAPSHOT_INSTALLS)
        .description("Snapshots received from the leader and installed in place of the store").register(registry);
    leaderChanges = Counter.builder(MetricNames.LEADER_CHANGES)
        .description("Leader changes this member observed").register(registry);
  }

  /** Meters in a private in-memory registry: for unit tests and embedded use without an endpoint. */
  public static KvMetrics inMemory() {
    return new KvMetrics(new SimpleMeterRegistry());
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Starts timing {@code requests} requests that arrived together (one read, or the commands of one log
   * entry); they count as in flight until {@link Request#end()}.
   */
  public Request start(int requests) {
    inFlight.addAndGet(requests);
    return new Request(requests, System.nanoTime());
  }

  /** Records an applied log entry: how long the apply took and how many commands it carried. */
  public void entryApplied(long nanos, int commands) {
    applyDuration.record(nanos, TimeUnit.NANOSECONDS);
    applyBatch.record(commands);
  }

  /** Records a snapshot taken in {@code nanos}. */
  public void snapshotTaken(long nanos) {
    snapshotDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records a snapshot installed from the leader. */
  public void snapshotInstalled() {
    snapshotInstalls.increment();
  }

  /** Records a change of leader. */
  public void leaderChanged() {
    leaderChanges.increment();
  }

  /** Requests started and not finished yet. */
  public long inFlight() {
    return inFlight.get();
  }

  private RequestMeters meters(String op, String status) {
    return requestMeters.computeIfAbsent(op + '\0' + status, k -> new RequestMeters(
        Counter.builder(MetricNames.REQUESTS).description("Requests served by this member, by operation and status")
            .tag("op", op).tag("status", status).register(registry),
        Timer.builder(MetricNames.REQUEST_DURATION)
            .description("Time from a request reaching the state machine to its result, by operation and status")
            .tag("op", op).tag("status", status).serviceLevelObjectives(LATENCY_BUCKETS).register(registry)));
  }

  private record RequestMeters(Counter count, Timer duration) {}

  /**
   * Requests being served: counted in flight until {@link #end()}, then counted by operation and status
   * with {@link #count}. Thread-safe.
   */
  public final class Request {
    private final int requests;
    private final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Request(int requests, long startNanos) {
      this.requests = requests;
      this.startNanos = startNanos;
    }

    /**
     * Stops counting these requests in flight. Call {@link #count} afterwards only if this returns true,
     * so that two paths racing to finish a request (apply and loss of leadership) count it once.
     *
     * @return true for the first call only
     */
    public boolean end() {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      inFlight.addAndGet(-requests);
      return true;
    }

    /** Counts one request of operation {@code op} that ended with {@code status}, timed from the start. */
    public void count(String op, String status) {
      long nanos = System.nanoTime() - startNanos;
      RequestMeters m = meters(op, status.toLowerCase(Locale.ROOT));
      m.count().increment();
      m.duration().record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
