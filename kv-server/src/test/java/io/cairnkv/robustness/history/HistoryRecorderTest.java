package io.cairnkv.robustness.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The recorder keeps every operation exactly once, with ordered timestamps, from any number of threads. */
@Timeout(30)
class HistoryRecorderTest {
  private final AtomicLong clock = new AtomicLong();
  private final HistoryRecorder recorder = new HistoryRecorder(() -> clock.addAndGet(10));

  @Test
  void recordsOutcomesWithInvokeAndCompleteTimes() {
    HistoryRecorder.Pending write = recorder.invoke(1, Kind.WRITE, "k", List.of("a"));
    HistoryRecorder.Pending read = recorder.invoke(2, Kind.READ, "k", List.of());
    read.ok(List.of("a"));
    write.ok();
    recorder.invoke(3, Kind.CAS, "k", List.of("x", "y")).fail(null);
    recorder.invoke(4, Kind.WRITE, "k", List.of("b")).unknown("DEADLINE_EXCEEDED");

    assertThat(recorder.history()).containsExactly(
        new Operation(1, Kind.WRITE, "k", List.of("a"), List.of(), 10, 40, Outcome.OK, null),
        new Operation(2, Kind.READ, "k", List.of(), List.of("a"), 20, 30, Outcome.OK, null),
        new Operation(3, Kind.CAS, "k", List.of("x", "y"), List.of(), 50, 60, Outcome.FAIL, null),
        new Operation(4, Kind.WRITE, "k", List.of("b"), List.of(), 70, 80, Outcome.UNKNOWN, "DEADLINE_EXCEEDED"));
  }

  @Test
  void operationsInFlightAreUnknown() {
    recorder.invoke(1, Kind.WRITE, "k", List.of("a"));
    assertThat(recorder.history()).singleElement().satisfies(op -> {
      assertThat(op.outcome()).isEqualTo(Outcome.UNKNOWN);
      assertThat(op.error()).isEqualTo(HistoryRecorder.IN_FLIGHT);
      assertThat(op.effectiveCompleteNanos()).isEqualTo(Long.MAX_VALUE);
    });
    assertThat(recorder.completedCount()).isZero();
  }

  @Test
  void anOutcomeIsRecordedOnce() {
    HistoryRecorder.Pending p = recorder.invoke(1, Kind.WRITE, "k", List.of("a"));
    p.ok();
    assertThatThrownBy(() -> p.unknown("late")).isInstanceOf(IllegalStateException.class);
    assertThat(recorder.history()).hasSize(1);
  }

  @Test
  void concurrentThreadsLoseNothing() throws InterruptedException {
    HistoryRecorder real = new HistoryRecorder();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int process = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          real.invoke(process, Kind.WRITE, "k", List.of(process + "." + i)).ok();
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    List<Operation> history = real.history();
    assertThat(history).hasSize(4000);
    assertThat(history).allSatisfy(op -> assertThat(op.completeNanos()).isGreaterThanOrEqualTo(op.invokeNanos()));
    assertThat(history).isSortedAccordingTo((a, b) -> Long.compare(a.invokeNanos(), b.invokeNanos()));
  }
}
