package io.cairnkv.client.internal;

import io.cairnkv.client.StatusCode;
import io.cairnkv.proto.WireStatus;

/** The one mapping between wire status codes and API status codes. */
public final class StatusCodes {
  private StatusCodes() {}

  /** API code of a wire code; unknown or unspecified codes become INTERNAL. */
  public static StatusCode fromWire(WireStatus wire) {
    switch (wire) {
      case OK: return StatusCode.OK;
      case INVALID_ARGUMENT: return StatusCode.INVALID_ARGUMENT;
      case RESOURCE_EXHAUSTED: return StatusCode.RESOURCE_EXHAUSTED;
      case UNAVAILABLE: return StatusCode.UNAVAILABLE;
      case DEADLINE_EXCEEDED: return StatusCode.DEADLINE_EXCEEDED;
      case PERMISSION_DENIED: return StatusCode.PERMISSION_DENIED;
      case FAILED_PRECONDITION: return StatusCode.FAILED_PRECONDITION;
      case INTERNAL:
      default:
        return StatusCode.INTERNAL;
    }
  }

  /** Wire code of an API code. */
  public static WireStatus toWire(StatusCode code) {
    switch (code) {
      case OK: return WireStatus.OK;
      case INVALID_ARGUMENT: return WireStatus.INVALID_ARGUMENT;
      case RESOURCE_EXHAUSTED: return WireStatus.RESOURCE_EXHAUSTED;
      case UNAVAILABLE: return WireStatus.UNAVAILABLE;
      case DEADLINE_EXCEEDED: return WireStatus.DEADLINE_EXCEEDED;
      case PERMISSION_DENIED: return WireStatus.PERMISSION_DENIED;
      case FAILED_PRECONDITION: return WireStatus.FAILED_PRECONDITION;
      case INTERNAL: return WireStatus.INTERNAL;
      default: throw new IllegalArgumentException("unmapped status " + code);
    }
  }
}
