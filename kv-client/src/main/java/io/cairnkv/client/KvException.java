package io.cairnkv.client;

/**
 * Base of every error the client reports. Each subtype corresponds to one {@link StatusCode}.
 *
 * <p>Unchecked, so that async callers see it unwrapped as the cause of a {@link
 * java.util.concurrent.CompletionException}.
 */
public abstract class KvException extends RuntimeException {
  private final StatusCode code;

  protected KvException(StatusCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable status code of this error; never {@link StatusCode#OK}. */
  public StatusCode code() {
    return code;
  }

  /**
   * Creates the exception type that corresponds to {@code code}.
   *
   * @throws IllegalArgumentException if {@code code} is {@link StatusCode#OK}
   */
  public static KvException of(StatusCode code, String message, Throwable cause) {
    switch (code) {
      case INVALID_ARGUMENT: return new InvalidArgumentException(message, cause);
      case RESOURCE_EXHAUSTED: return new ResourceExhaustedException(message, cause);
      case UNAVAILABLE: return new UnavailableException(message, cause);
      case DEADLINE_EXCEEDED: return new DeadlineExceededException(message, cause);
      case PERMISSION_DENIED: return new PermissionDeniedException(message, cause);
      case INTERNAL: return new InternalException(message, cause);
      case FAILED_PRECONDITION: return new FailedPreconditionException(message, cause);
      default: throw new IllegalArgumentException("no exception for status " + code);
    }
  }

  /** The request is malformed or exceeds a limit. Nothing was applied. */
  public static final class InvalidArgumentException extends KvException {
    public InvalidArgumentException(String message, Throwable cause) {
      super(StatusCode.INVALID_ARGUMENT, message, cause);
    }
  }

  /** The cluster refused the request for lack of resources. Nothing was applied. */
  public static final class ResourceExhaustedException extends KvException {
    public ResourceExhaustedException(String message, Throwable cause) {
      super(StatusCode.RESOURCE_EXHAUSTED, message, cause);
    }
  }

  /** No replica could serve the request. For a write the outcome is unknown unless stated. */
  public static final class UnavailableException extends KvException {
    public UnavailableException(String message, Throwable cause) {
      super(StatusCode.UNAVAILABLE, message, cause);
    }
  }

  /** The per-request deadline passed. A write may or may not have been applied. */
  public static final class DeadlineExceededException extends KvException {
    public DeadlineExceededException(String message, Throwable cause) {
      super(StatusCode.DEADLINE_EXCEEDED, message, cause);
    }
  }

  /** The caller is not allowed to do this. Nothing was applied. */
  public static final class PermissionDeniedException extends KvException {
    public PermissionDeniedException(String message, Throwable cause) {
      super(StatusCode.PERMISSION_DENIED, message, cause);
    }
  }

  /** A server bug or storage failure. */
  public static final class InternalException extends KvException {
    public InternalException(String message, Throwable cause) {
      super(StatusCode.INTERNAL, message, cause);
    }
  }

  /** The request cannot be served in the cluster's current state. Nothing was applied. */
  public static final class FailedPreconditionException extends KvException {
    public FailedPreconditionException(String message, Throwable cause) {
      super(StatusCode.FAILED_PRECONDITION, message, cause);
    }
  }
}
