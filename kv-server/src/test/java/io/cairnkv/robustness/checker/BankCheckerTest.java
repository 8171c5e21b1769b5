package io.cairnkv.robustness.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.robustness.checker.Verdict.Status;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-written bank histories: every read must see all accounts and the deposited total. */
@Timeout(30)
class BankCheckerTest {
  private final BankChecker checker = new BankChecker();
  private final List<Operation> history = new ArrayList<>();

  @BeforeEach
  void deposit() {
    for (String account : List.of("b/a", "b/b", "b/c")) {
      history.add(new Operation(0, Kind.WRITE, account, List.of("10"), List.of(), 0, 1, Outcome.OK, null));
    }
  }

  private void transfer(String from, String to, int amount, Outcome outcome, long invoke, long complete) {
    history.add(new Operation(1, Kind.TRANSFER, from, List.of(from, to, Integer.toString(amount)), List.of(),
        invoke, complete, outcome, outcome == Outcome.UNKNOWN ? "UNAVAILABLE" : null));
  }

  private void read(long invoke, long complete, String... entries) {
    history.add(new Operation(2, Kind.READ_ALL, "b/", List.of("txn"), List.of(entries), invoke, complete,
        Outcome.OK, null));
  }

  private void assertViolation(String problem) {
    Verdict v = checker.check(history);
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.VIOLATION);
    assertThat(v.summary()).contains(problem);
    assertThat(v.witness()).singleElement().extracting(Operation::kind).isEqualTo(Kind.READ_ALL);
  }

  @Test
  void readsThatKeepTheTotalPass() {
    transfer("b/a", "b/b", 5, Outcome.OK, 2, 3);
    transfer("b/b", "b/c", 7, Outcome.UNKNOWN, 4, 5);
    transfer("b/c", "b/a", 1, Outcome.FAIL, 4, 5);
    read(3, 4, "b/a=5", "b/b=15", "b/c=10");
    read(6, 7, "b/a=5", "b/b=8", "b/c=17");
    Verdict v = checker.check(history);
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.OK);
    assertThat(v.summary()).contains("3 accounts holding 30 in all").contains("2 successful reads");
  }

  @Test
  void readOfHalfATransferIsRejected() {
    transfer("b/a", "b/b", 5, Outcome.OK, 2, 3);
    read(3, 4, "b/a=5", "b/b=10", "b/c=10");
    assertViolation("summing to 25 instead of 30");
  }

  @Test
  void transferAppliedTwiceToOneSideIsRejected() {
    read(3, 4, "b/a=0", "b/b=20", "b/c=15");
    assertViolation("summing to 35 instead of 30");
  }

  @Test
  void missingAccountIsRejected() {
    read(3, 4, "b/a=15", "b/b=15");
    assertViolation("2 of 3 accounts");
  }

  @Test
  void negativeBalanceIsRejected() {
    read(3, 4, "b/a=-5", "b/b=25", "b/c=10");
    assertViolation("negative balance b/a=-5");
  }

  @Test
  void unknownKeyIsRejected() {
    read(3, 4, "b/a=10", "b/b=10", "b/c=10", "b/zzz=0");
    assertViolation("b/zzz=0, which is not an account");
  }

  @Test
  void withoutReadsNothingIsProven() {
    transfer("b/a", "b/b", 5, Outcome.OK, 2, 3);
    assertThat(checker.check(history).status()).isEqualTo(Status.INCONCLUSIVE);
  }
}
