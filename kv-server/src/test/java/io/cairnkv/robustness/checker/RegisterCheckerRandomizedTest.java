package io.cairnkv.robustness.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.robustness.checker.Verdict.Status;
import io.cairnkv.robustness.history.HistoryPrinter;
import io.cairnkv.robustness.history.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random histories generated from a sequential execution are always accepted; the same histories with
 * one read changed to a value nobody wrote are always rejected, with a witness that holds that read.
 */
@Timeout(60)
class RegisterCheckerRandomizedTest {
  private static final int HISTORIES = 150;
  private final RegisterChecker checker = new RegisterChecker(SearchBudget.DEFAULT, Duration.ofSeconds(2));

  @Test
  void generatedHistoriesAreAcceptedAndPhantomReadsRejected() {
    for (int seed = 0; seed < HISTORIES; seed++) {
      RandomRegisterHistories generator = new RandomRegisterHistories(seed, 1 + seed % 3, 1 + seed % 4);
      List<Operation> history = generator.linearizable(20 + seed % 7 * 30);
      Verdict valid = checker.check(history);
      assertThat(valid.status()).as("seed %d:%n%s%n%s", seed, valid.describe(), HistoryPrinter.table(history))
          .isEqualTo(Status.OK);

      List<Operation> mutated = generator.withPhantomRead(history);
      if (mutated == null) {
        continue;
      }
      Verdict invalid = checker.check(mutated);
      assertThat(invalid.status()).as("seed %d:%n%s%n%s", seed, invalid.describe(), HistoryPrinter.table(mutated))
          .isEqualTo(Status.VIOLATION);
      assertThat(invalid.witness()).as("seed %d: the witness holds the phantom read", seed)
          .anySatisfy(op -> assertThat(op.readValue()).isEqualTo("phantom"));
      assertThat(checker.check(invalid.witness()).status()).as("seed %d: the witness fails by itself", seed)
          .isEqualTo(Status.VIOLATION);
    }
  }

  @Test
  void largeConcurrentHistoryIsCheckedQuickly() {
    RandomRegisterHistories generator = new RandomRegisterHistories(42, 3, 6);
    List<Operation> history = generator.linearizable(10_000);
    long start = System.nanoTime();
    Verdict v = checker.check(history);
    long millis = (System.nanoTime() - start) / 1_000_000;
    // An exponential search would exhaust its budget (INCONCLUSIVE) rather than take long.
    assertThat(v.status()).as(v.describe()).isEqualTo(Status.OK);
    assertThat(millis).as("checking 10,000 operations took %d ms", millis).isLessThan(30_000);
  }
}
