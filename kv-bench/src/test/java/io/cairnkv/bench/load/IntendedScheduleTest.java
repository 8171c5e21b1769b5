package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IntendedScheduleTest {
  private static final long START = 1_000_000_000L;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void requestsAreDueAtEvenIntervalsFromTheStart() {
    IntendedSchedule s = new IntendedSchedule(START, 1000);
    assertThat(s.intendedNanos(0)).isEqualTo(START);
    assertThat(s.intendedNanos(1)).isEqualTo(START + 1_000_000);
    assertThat(s.intendedNanos(1000)).isEqualTo(START + SECOND);
  }

  @Test
  void oddRatesDoNotDrift() {
    IntendedSchedule s = new IntendedSchedule(START, 3);
    assertThat(s.intendedNanos(1)).isEqualTo(START + 333_333_333);
    assertThat(s.intendedNanos(2)).isEqualTo(START + 666_666_667);
    // After an hour of requests, still exactly on the second: each time is computed, not accumulated.
    assertThat(s.intendedNanos(3 * 3600)).isEqualTo(START + 3600 * SECOND);
    IntendedSchedule fractional = new IntendedSchedule(START, 0.5);
    assertThat(fractional.intendedNanos(3)).isEqualTo(START + 6 * SECOND);
  }

  @Test
  void dueCountIncludesRequestsExactlyOnTime() {
    IntendedSchedule s = new IntendedSchedule(START, 1000);
    assertThat(s.dueBy(START - 1)).isZero();
    assertThat(s.dueBy(START)).isEqualTo(1);
    assertThat(s.dueBy(START + 999_999)).isEqualTo(1);
    assertThat(s.dueBy(START + 1_000_000)).isEqualTo(2);
    assertThat(s.dueBy(START + SECOND)).isEqualTo(1001);
  }

  @Test
  void dueCountAgreesWithIntendedTimesAtEveryBoundary() {
    IntendedSchedule s = new IntendedSchedule(START, 7);
    for (long i = 0; i < 200; i++) {
      long t = s.intendedNanos(i);
      assertThat(s.dueBy(t)).as("due at request %d's time", i).isEqualTo(i + 1);
      assertThat(s.dueBy(t - 1)).as("due just before request %d", i).isEqualTo(i);
    }
  }

  @Test
  void aRunSendsRateTimesDuration() {
    assertThat(new IntendedSchedule(START, 1000).countWithin(SECOND)).isEqualTo(1000);
    assertThat(new IntendedSchedule(START, 250).countWithin(20 * SECOND)).isEqualTo(5000);
    assertThat(new IntendedSchedule(START, 3).countWithin(SECOND)).isEqualTo(3);
  }

  @Test
  void latencyCountsFromTheIntendedTimeNotTheActualSend() {
    IntendedSchedule s = new IntendedSchedule(START, 100);
    // Request 10 was due at +100 ms. The sender stalled and sent it at +400 ms; it took 2 ms to answer.
    long completed = START + TimeUnit.MILLISECONDS.toNanos(402);
    assertThat(s.latencyNanos(10, completed)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(302));
  }

  @Test
  void rejectsRatesThatAreNotPositive() {
    assertThatThrownBy(() -> new IntendedSchedule(START, 0)).hasMessageContaining("rate");
    assertThatThrownBy(() -> new IntendedSchedule(START, -5)).hasMessageContaining("rate");
    assertThatThrownBy(() -> new IntendedSchedule(START, Double.NaN)).hasMessageContaining("rate");
    assertThatThrownBy(() -> new IntendedSchedule(START, 1).intendedNanos(-1)).hasMessageContaining(">= 0");
  }
}
