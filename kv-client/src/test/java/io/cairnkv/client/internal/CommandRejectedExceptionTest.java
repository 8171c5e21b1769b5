package io.cairnkv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class CommandRejectedExceptionTest {
  @ParameterizedTest
  @EnumSource(StatusCode.class)
  void codeAndReasonSurviveTheTripThroughTheMessageConstructor(StatusCode code) {
    CommandRejectedException sent = CommandRejectedException.of(code, "key 'a: b' is too long: 9 bytes");
    // Ratis rebuilds the exception on the client from its message alone.
    CommandRejectedException received = new CommandRejectedException(sent.getMessage());
    assertThat(received.code()).isEqualTo(code);
    assertThat(received.reason()).isEqualTo("key 'a: b' is too long: 9 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"no separator at all", ": starts with the separator", "INVALID_ARGUMENT:no space"})
  void messageWithoutCodePrefixIsInternalAndKeepsTheWholeText(String message) {
    CommandRejectedException e = new CommandRejectedException(message);
    assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(e.reason()).isEqualTo(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NOT_A_CODE", "invalid_argument", "OK "})
  void unknownCodePrefixIsInternal(String prefix) {
    CommandRejectedException e = new CommandRejectedException(prefix + ": the reason");
    assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(e.reason()).isEqualTo("the reason");
  }

  @Test
  void nullMessageIsInternal() {
    CommandRejectedException e = new CommandRejectedException(null);
    assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(e.reason()).isEqualTo("null");
  }
}
