package io.cairnkv.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AppliedStateTest {
  @Test
  void roundTrips() {
    AppliedState state = new AppliedState(7, 123_456_789_012L, 99);
    assertThat(AppliedState.decode(state.encode())).isEqualTo(state);
    assertThat(AppliedState.decode(AppliedState.EMPTY.encode())).isEqualTo(AppliedState.EMPTY);
  }

  @Test
  void emptyStateIsAllZero() {
    assertThat(AppliedState.EMPTY).isEqualTo(new AppliedState(0, 0, 0));
  }

  @Test
  void unknownFormatIsRejected() {
    byte[] encoded = new AppliedState(1, 2, 3).encode();
    encoded[0] = 2;
    assertThatThrownBy(() -> AppliedState.decode(encoded)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unreadable applied state");
  }

  @Test
  void wrongLengthIsRejected() {
    byte[] encoded = new AppliedState(1, 2, 3).encode();
    assertThatThrownBy(() -> AppliedState.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("24 bytes");
    assertThatThrownBy(() -> AppliedState.decode(Arrays.copyOf(encoded, encoded.length + 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("26 bytes");
  }
}
