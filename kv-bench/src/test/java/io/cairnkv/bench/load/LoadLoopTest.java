package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The closed and open loops, and the preload, against a fake system whose timing the test controls. */
@Timeout(30)
class LoadLoopTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private static RequestSender sender(Workload workload) {
    KeySpace keys = new KeySpace(100);
    return new RequestSender(workload, new OperationStream(OperationMix.parse("put=50,get=50"),
        KeyChooser.uniform(100), keys, 1), new byte[8]);
  }

  @Test
  void closedLoopKeepsExactlyTheConfiguredRequestsInFlight() throws Exception {
    try (FakeWorkload fake = new FakeWorkload(n -> 2_000)) {
      LatencyStats stats = new LatencyStats();
      LoadLoop.Outcome outcome = new ClosedLoop(sender(fake), 8).run(500 * MS, 1000 * MS, stats);
      Histogram latencies = stats.sampleInterval();
      assertThat(fake.maxInflight()).isEqualTo(8);
      assertThat(outcome.sent()).isEqualTo(fake.requests()).isGreaterThan(100);
      assertThat(latencies.getTotalCount()).isEqualTo(outcome.sent());
      assertThat(latencies.getValueAtPercentile(50)).isGreaterThanOrEqualTo(2 * MS);
      assertThat(stats.errors()).isZero();
      assertThat(outcome.abandoned()).isZero();
    }
  }

  @Test
  void failuresAreCountedAsErrorsNotLatencies() throws Exception {
    try (FakeWorkload fake = new FakeWorkload(n -> 100)) {
      fake.failEverything = true;
      LatencyStats stats = new LatencyStats();
      LoadLoop.Outcome outcome = new ClosedLoop(sender(fake), 4).run(200 * MS, 1000 * MS, stats);
      assertThat(stats.sampleInterval().getTotalCount()).isZero();
      assertThat(stats.errors()).isEqualTo(outcome.sent()).isPositive();
    }
  }

  @Test
  void requestsStillOutstandingAfterTheDrainAreErrors() throws Exception {
    try (FakeWorkload fake = new FakeWorkload(n -> TimeUnit.SECONDS.toMicros(20))) {
      LatencyStats stats = new LatencyStats();
      LoadLoop.Outcome outcome = new ClosedLoop(sender(fake), 4).run(100 * MS, 100 * MS, stats);
      assertThat(outcome.sent()).isEqualTo(4);
      assertThat(outcome.abandoned()).isEqualTo(4);
      assertThat(stats.errors()).isEqualTo(4);
    }
  }

  @Test
  void openLoopSendsAtTheTargetRate() throws Exception {
    try (FakeWorkload fake = new FakeWorkload(n -> 500)) {
      LatencyStats stats = new LatencyStats();
      LoadLoop.Outcome outcome = new OpenLoop(sender(fake), 500, 64).run(1000 * MS, 1000 * MS, stats);
      assertThat(outcome.sent()).isEqualTo(500);
      assertThat(outcome.unsent()).isZero();
      assertThat(stats.sampleInterval().getTotalCount()).isEqualTo(500);
    }
  }

  @Test
  void openLoopChargesAStallToEveryRequestItDelayed() throws Exception {
    // 200 ops/s; request 20 (due at +100 ms) takes 300 ms; the cap of 1 in flight holds back the ones after it.
    try (FakeWorkload fake = new FakeWorkload(n -> n == 20 ? 300_000 : 100)) {
      LatencyStats stats = new LatencyStats();
      LoadLoop.Outcome outcome = new OpenLoop(sender(fake), 200, 1).run(1000 * MS, 2000 * MS, stats);
      Histogram latencies = stats.sampleInterval();
      // A closed-loop measurement would see one slow request in ~200 (p99 ~ 0.1 ms). Measured from the
      // intended times, the ~60 requests due during the stall all wait for it: well over 1% are slow.
      assertThat(latencies.getValueAtPercentile(99)).isGreaterThan(100 * MS);
      assertThat(latencies.getMaxValue()).isGreaterThanOrEqualTo(290 * MS);
      assertThat(outcome.sent() + outcome.unsent()).isEqualTo(200);
    }
  }

  @Test
  void openLoopReportsRequestsItCouldNotSend() throws Exception {
    try (FakeWorkload fake = new FakeWorkload(n -> 50_000)) {
      LatencyStats stats = new LatencyStats();
      // 1 in flight at 50 ms each sustains 20 ops/s; 400 ops/s were asked for.
      LoadLoop.Outcome outcome = new OpenLoop(sender(fake), 400, 1).run(500 * MS, 1000 * MS, stats);
      assertThat(outcome.unsent()).isGreaterThan(150);
      assertThat(outcome.sent() + outcome.unsent()).isEqualTo(200);
    }
  }

  @Test
  void preloadWritesEveryKeyOnceInBatches() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try (FakeWorkload fake = new FakeWorkload(n -> 0)) {
      new Preloader(fake, new KeySpace(1050), new byte[4], new PrintStream(progress, true, StandardCharsets.UTF_8))
          .run(Duration.ofSeconds(10));
      assertThat(fake.loadedKeys.get()).isEqualTo(1050);
    }
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("1050 keys in 11 batches")
        .contains("1050/1050 keys (100%)");
  }

  @Test
  void preloadFailureStopsTheRun() {
    try (FakeWorkload fake = new FakeWorkload(n -> 0)) {
      fake.failEverything = true;
      Preloader preloader = new Preloader(fake, new KeySpace(1000), new byte[4],
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThatThrownBy(() -> preloader.run(Duration.ofSeconds(10))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("preload failed").hasMessageContaining("injected failure");
    }
  }
}
