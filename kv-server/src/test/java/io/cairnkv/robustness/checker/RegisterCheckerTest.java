package io.cairnkv.robustness.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.robustness.checker.Verdict.Status;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-written register histories: linearizable ones are accepted, known anomalies are rejected. */
@Timeout(30)
class RegisterCheckerTest {
  private final RegisterChecker checker = new RegisterChecker(SearchBudget.DEFAULT, Duration.ofSeconds(2));

  private Verdict check(TestHistory h) {
    return checker.check(h.ops());
  }

  private void assertAccepted(TestHistory h) {
    Verdict v = check(h);
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.OK);
  }

  private Verdict assertRejected(TestHistory h) {
    Verdict v = check(h);
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.VIOLATION);
    assertThat(checker.check(v.witness()).status()).as("the witness itself fails:%n%s", v.describe())
        .isEqualTo(Status.VIOLATION);
    return v;
  }

  @Nested
  class Accepted {
    @Test
    void sequentialOperations() {
      assertAccepted(new TestHistory()
          .read(1, null, 0, 1)
          .write(1, "a", 2, 3)
          .read(2, "a", 4, 5)
          .cas(2, "a", "b", 6, 7)
          .casFailed(1, "a", "c", 8, 9)
          .read(1, "b", 10, 11));
    }

    @Test
    void concurrentWritesTakeEffectInEitherOrder() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 10)
          .write(2, "b", 1, 11)
          .read(3, "a", 12, 13)
          .read(3, "a", 14, 15));
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 10)
          .write(2, "b", 1, 11)
          .read(3, "b", 12, 13));
    }

    @Test
    void readOverlappingAWriteSeesOldOrNew() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .write(1, "b", 2, 10)
          .read(2, "a", 3, 4)
          .read(2, "b", 5, 6)
          .read(3, "b", 11, 12));
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .write(1, "b", 2, 10)
          .read(2, "a", 3, 11));
    }

    @Test
    void concurrentCasOnlyOneSucceeds() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .cas(2, "a", "b", 2, 10)
          .casFailed(3, "a", "c", 3, 9)
          .read(1, "b", 11, 12));
    }

    @Test
    void unknownWriteThatTookEffect() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .unknownWrite(2, "b", 2, 3)
          .read(1, "b", 10, 11));
    }

    @Test
    void unknownWriteThatDidNotTakeEffect() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .unknownWrite(2, "b", 2, 3)
          .read(1, "a", 10, 11)
          .read(1, "a", 12, 13));
    }

    @Test
    void unknownWriteMayTakeEffectLongAfterTheClientGaveUp() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .unknownWrite(2, "b", 2, 3)
          .read(1, "a", 10, 11)
          .read(1, "b", 20, 21));
    }

    @Test
    void unknownCasWithOrWithoutEffect() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .unknownCas(2, "a", "b", 2, 3)
          .read(1, "b", 10, 11));
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .unknownCas(2, "a", "b", 2, 3)
          .read(1, "a", 10, 11));
    }

    @Test
    void rejectedWritesAndUnknownReadsAreIgnored() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .rejectedWrite(2, "b", 2, 3)
          .unknownRead(3, 2, 30)
          .read(1, "a", 4, 5));
    }

    @Test
    void keysAreIndependentRegisters() {
      assertAccepted(new TestHistory()
          .write(1, "k1", "a", 0, 1)
          .write(1, "k2", "b", 2, 3)
          .read(2, "k1", "a", 4, 5)
          .read(2, "k2", "b", 4, 5));
    }

    @Test
    void emptyHistory() {
      assertAccepted(new TestHistory());
    }
  }

  @Nested
  class Rejected {
    @Test
    void staleRead() {
      Verdict v = assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .write(1, "b", 2, 3)
          .read(2, "b", 4, 5)
          .read(2, "c", 6, 7).write(3, "c", 5, 7)
          .read(3, "a", 8, 9)
          .read(3, "c", 10, 11));
      assertThat(v.summary()).contains("key x is not linearizable");
      assertThat(v.witness()).hasSizeLessThanOrEqualTo(3)
          .anySatisfy(op -> assertThat(op.readValue()).isEqualTo("a"));
    }

    @Test
    void lostWrite() {
      Verdict v = assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .read(2, "a", 2, 3)
          .write(1, "b", 4, 5)
          .read(2, null, 6, 7));
      assertThat(v.witness()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void lostWriteBehindAnAcknowledgedOne() {
      assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .write(2, "b", 2, 3)
          .read(1, "a", 4, 5));
    }

    @Test
    void readOfAValueNeverWritten() {
      Verdict v = assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .write(2, "b", 0, 10)
          .read(3, "zzz", 2, 9));
      assertThat(v.witness()).singleElement().satisfies(op -> assertThat(op.readValue()).isEqualTo("zzz"));
    }

    @Test
    void readOfARejectedWrite() {
      assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .rejectedWrite(2, "b", 2, 3)
          .read(1, "b", 4, 5));
    }

    @Test
    void casSuccessThatShouldHaveFailed() {
      assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .cas(2, "a", "b", 2, 3)
          .cas(3, "a", "c", 4, 5));
    }

    @Test
    void casFailureThatShouldHaveSucceeded() {
      assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .casFailed(2, "a", "b", 2, 3));
    }

    @Test
    void valueRevertsAfterAnUnknownWriteWasSeen() {
      assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .unknownWrite(2, "b", 2, 3)
          .read(1, "b", 10, 11)
          .read(1, "a", 12, 13));
    }

    @Test
    void newOldInversionDuringAWrite() {
      assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .write(1, "b", 2, 20)
          .read(2, "b", 3, 4)
          .read(3, "a", 5, 6));
    }

    @Test
    void violationOnOneKeyNamesIt() {
      Verdict v = assertRejected(new TestHistory()
          .write(1, "k1", "a", 0, 1)
          .read(2, "k1", "a", 2, 3)
          .write(1, "k2", "a", 0, 1)
          .read(2, "k2", "zzz", 2, 3));
      assertThat(v.summary()).contains("key k2 is not linearizable").contains("key k1: linearizable");
      assertThat(v.witness()).allSatisfy(op -> assertThat(op.key()).isEqualTo("k2"));
      assertThat(v.describe()).contains("read(k2) -> \"zzz\"");
    }
  }

  /** A client that fails every write (it lost its connection) leaves hundreds of unknown writes. */
  @Nested
  class ManyUnknownWrites {
    private TestHistory history(int unknownWrites) {
      TestHistory h = new TestHistory().write(1, "v0", 0, 1);
      for (int i = 1; i <= unknownWrites; i++) {
        long t = 10L * i;
        h.unknownWrite(2, "lost" + i, t, t + 1)
            .casFailed(3, "v" + (i - 1) + "-stale", "x" + i, t + 2, t + 3)
            .write(1, "v" + i, t + 4, t + 5)
            .read(4, "v" + i, t + 6, t + 7);
      }
      return h;
    }

    @Test
    void areAccepted() {
      assertAccepted(history(100));
    }

    @Test
    void doNotHideAViolationAfterThem() {
      Verdict v = assertRejected(history(100).read(4, "phantom", 100_000, 100_001));
      assertThat(v.witness()).anySatisfy(op -> assertThat(op.readValue()).isEqualTo("phantom"));
    }

    @Test
    void thatCouldExplainAFailedCompareAreKept() {
      assertAccepted(new TestHistory()
          .write(1, "a", 0, 1)
          .unknownWrite(2, "b", 2, 3)
          .casFailed(3, "a", "c", 10, 11));
      assertRejected(new TestHistory()
          .write(1, "a", 0, 1)
          .casFailed(3, "a", "c", 10, 11)
          .unknownWrite(2, "b", 12, 13));
    }
  }

  @Test
  void exhaustedBudgetIsInconclusive() {
    RegisterChecker tiny = new RegisterChecker(new SearchBudget(2, Duration.ofSeconds(1)), Duration.ofSeconds(1));
    Verdict v = tiny.check(new TestHistory()
        .write(1, "a", 0, 1)
        .write(2, "b", 0, 1)
        .read(3, "a", 2, 3)
        .read(3, "a", 4, 5).ops());
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.INCONCLUSIVE);
  }

  @Test
  void refusesOtherKindsOfOperation() {
    List<Operation> history = List.of(new Operation(1, Kind.APPEND, "s/1", List.of("1"), List.of(), 0, 1,
        Outcome.OK, null));
    assertThatThrownBy(() -> checker.check(history)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("APPEND");
  }
}
