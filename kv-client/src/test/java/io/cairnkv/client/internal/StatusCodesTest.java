package io.cairnkv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.proto.WireStatus;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StatusCodesTest {
  @Test
  void everyApiCodeMapsToADistinctWireCodeAndBack() {
    Map<WireStatus, StatusCode> seen = new HashMap<>();
    for (StatusCode code : StatusCode.values()) {
      WireStatus wire = StatusCodes.toWire(code);
      assertThat(wire).isNotIn(WireStatus.STATUS_UNSPECIFIED, WireStatus.UNRECOGNIZED);
      assertThat(seen.put(wire, code)).as("wire code %s used twice", wire).isNull();
      assertThat(StatusCodes.fromWire(wire)).isEqualTo(code);
    }
  }

  @Test
  void everyDefinedWireCodeHasAnApiCode() {
    Set<WireStatus> defined = EnumSet.allOf(WireStatus.class);
    defined.remove(WireStatus.STATUS_UNSPECIFIED);
    defined.remove(WireStatus.UNRECOGNIZED);
    for (WireStatus wire : defined) {
      assertThat(StatusCodes.toWire(StatusCodes.fromWire(wire))).isEqualTo(wire);
    }
    assertThat(defined).hasSize(StatusCode.values().length);
  }

  @Test
  void unspecifiedOrUnknownWireCodeIsInternal() {
    assertThat(StatusCodes.fromWire(WireStatus.STATUS_UNSPECIFIED)).isEqualTo(StatusCode.INTERNAL);
    assertThat(StatusCodes.fromWire(WireStatus.UNRECOGNIZED)).isEqualTo(StatusCode.INTERNAL);
  }

  @Test
  void everyErrorCodeHasItsOwnExceptionTypeThatReportsTheCode() {
    Set<Class<?>> types = new HashSet<>();
    Throwable cause = new RuntimeException("root");
    for (StatusCode code : StatusCode.values()) {
      if (code == StatusCode.OK) {
        continue;
      }
      KvException e = KvException.of(code, "m-" + code, cause);
      assertThat(e.code()).isEqualTo(code);
      assertThat(e).hasMessage("m-" + code).hasCause(cause);
      assertThat(e.getClass()).isNotEqualTo(KvException.class);
      assertThat(types.add(e.getClass())).as("%s shares its exception type", code).isTrue();
    }
    assertThat(types).hasSize(StatusCode.values().length - 1);
  }

  @Test
  void okHasNoException() {
    assertThatThrownBy(() -> KvException.of(StatusCode.OK, "fine", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
