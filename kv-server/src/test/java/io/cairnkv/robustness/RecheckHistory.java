package io.cairnkv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.robustness.checker.BankChecker;
import io.cairnkv.robustness.checker.RegisterChecker;
import io.cairnkv.robustness.checker.SetChecker;
import io.cairnkv.robustness.checker.Verdict;
import io.cairnkv.robustness.history.HistoryFile;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Re-checks a saved history offline, with the checker its operations call for:
 * <pre>./mvnw -o test -pl kv-server -am -Dtest=RecheckHistory -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcairnkv.recheck=$PWD/kv-server/target/robustness/registers/history.jsonl</pre>
 * The verdict goes to the test's output ({@code target/surefire-reports/*RecheckHistory-output.txt}); the
 * test fails unless it is OK. Skipped without the property.
 */
@EnabledIfSystemProperty(named = "cairnkv.recheck", matches = ".+")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RecheckHistory {
  @Test
  void recheck() {
    Path file = Path.of(System.getProperty("cairnkv.recheck"));
    List<Operation> history = HistoryFile.read(file);
    Verdict verdict = checkerFor(history);
    System.out.println(file + ": " + history.size() + " operations");
    System.out.println(verdict.describe());
    assertThat(verdict.status()).as(verdict.describe()).isEqualTo(Verdict.Status.OK);
  }

  /** Bank histories hold transfers, set histories appends; anything else is registers. */
  static Verdict checkerFor(List<Operation> history) {
    if (history.stream().anyMatch(op -> op.kind() == Kind.TRANSFER)) {
      return new BankChecker().check(history);
    }
    if (history.stream().anyMatch(op -> op.kind() == Kind.APPEND)) {
      return new SetChecker().check(history);
    }
    return new RegisterChecker().check(history);
  }
}
