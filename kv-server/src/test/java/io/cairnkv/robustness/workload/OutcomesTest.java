package io.cairnkv.robustness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Failures are recorded per the client's contract: only codes that promise no effect are FAIL. */
@Timeout(30)
class OutcomesTest {
  private final HistoryRecorder recorder = new HistoryRecorder();

  private Operation failWith(Throwable e) {
    return Outcomes.failed(recorder.invoke(1, Kind.WRITE, "k", List.of("v")), e);
  }

  @ParameterizedTest
  @EnumSource(value = StatusCode.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
  void everyStatusCodeHasAnOutcome(StatusCode code) {
    Operation op = failWith(KvException.of(code, "boom", null));
    Outcome expected = switch (code) {
      case INVALID_ARGUMENT, RESOURCE_EXHAUSTED, PERMISSION_DENIED, FAILED_PRECONDITION -> Outcome.FAIL;
      default -> Outcome.UNKNOWN;
    };
    assertThat(op.outcome()).isEqualTo(expected);
    assertThat(op.error()).isEqualTo(code.name() + ": boom");
  }

  @Test
  void unexpectedExceptionsAreUnknownAndUnwrapped() {
    Operation op = failWith(new CompletionException(new IllegalStateException("odd")));
    assertThat(op.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(op.error()).isEqualTo("IllegalStateException: odd");
  }

  @Test
  void longMessagesAreCut() {
    Operation op = failWith(KvException.of(StatusCode.UNAVAILABLE, "x".repeat(1000), null));
    assertThat(op.error()).hasSizeLessThan(250).endsWith("...");
  }
}
