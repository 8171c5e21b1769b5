package io.cairnkv.robustness.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.robustness.checker.Verdict.Status;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-written set histories: every acknowledged append is read, none twice, nothing invented or lost. */
@Timeout(30)
class SetCheckerTest {
  private final SetChecker checker = new SetChecker();
  private final List<Operation> history = new ArrayList<>();

  private void append(String element, Outcome outcome, long invoke, long complete) {
    history.add(new Operation(1, Kind.APPEND, "s/" + element, List.of(element), List.of(), invoke, complete, outcome,
        outcome == Outcome.OK ? null : outcome == Outcome.FAIL ? "INVALID_ARGUMENT" : "DEADLINE_EXCEEDED"));
  }

  private void read(long invoke, long complete, String... elements) {
    List<String> entries = Arrays.stream(elements).map(e -> "s/" + e + "=" + e).toList();
    history.add(new Operation(2, Kind.READ_ALL, "s/", List.of(), entries, invoke, complete, Outcome.OK, null));
  }

  private Verdict check() {
    return checker.check(history);
  }

  private void assertViolation(String problem) {
    Verdict v = check();
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.VIOLATION);
    assertThat(v.summary()).contains(problem);
    assertThat(v.witness()).isNotEmpty();
  }

  @Test
  void acknowledgedAppendsAreReadAndUnknownOnesMayBe() {
    append("a", Outcome.OK, 0, 1);
    append("b", Outcome.OK, 2, 3);
    append("c", Outcome.UNKNOWN, 2, 4);
    append("d", Outcome.UNKNOWN, 2, 4);
    append("e", Outcome.FAIL, 2, 4);
    read(3, 5, "a");
    read(10, 11, "a", "b", "c");
    Verdict v = check();
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.OK);
    assertThat(v.summary()).contains("the final read holds 3 elements, 1 of 2 unknown appends among them");
  }

  @Test
  void appendConcurrentWithAReadMayBeMissingFromIt() {
    append("a", Outcome.OK, 0, 10);
    read(1, 5);
    read(11, 12, "a");
    assertThat(check().status()).isEqualTo(Status.OK);
  }

  @Test
  void lostAcknowledgedAppendIsRejected() {
    append("a", Outcome.OK, 0, 1);
    append("b", Outcome.OK, 2, 3);
    read(10, 11, "a");
    assertViolation("acknowledged append of s/b is missing");
  }

  @Test
  void elementReadTwiceIsRejected() {
    append("a", Outcome.OK, 0, 1);
    read(10, 11, "a", "a");
    assertViolation("element s/a appears twice");
  }

  @Test
  void elementNeverAppendedIsRejected() {
    append("a", Outcome.OK, 0, 1);
    read(10, 11, "a", "zzz");
    assertViolation("s/zzz=zzz, which was never appended");
  }

  @Test
  void failedAppendThatAppearsIsRejected() {
    append("a", Outcome.FAIL, 0, 1);
    read(10, 11, "a");
    assertViolation("whose append failed");
  }

  @Test
  void elementThatDisappearsIsRejected() {
    append("a", Outcome.UNKNOWN, 0, 1);
    append("b", Outcome.OK, 0, 1);
    read(10, 11, "a", "b");
    read(12, 13, "b");
    assertViolation("element s/a was read, then missing from a later read");
  }

  @Test
  void withoutAFinalReadNothingIsProven() {
    append("a", Outcome.OK, 0, 10);
    read(5, 6);
    assertThat(check().status()).isEqualTo(Status.INCONCLUSIVE);
  }

  @Test
  void refusesAppendsOfOneElementTwice() {
    append("a", Outcome.OK, 0, 1);
    append("a", Outcome.OK, 2, 3);
    assertThatThrownBy(this::check).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }
}
