package io.cairnkv.robustness.workload;

import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import java.util.concurrent.CompletionException;

/**
 * Records how a request failed, per the client's contract: a status that promises nothing was applied
 * is {@link Operation.Outcome#FAIL}; a timeout, an unavailable cluster, an internal error or anything
 * unexpected is {@link Operation.Outcome#UNKNOWN}, since the request may still take effect.
 * Stateless and thread-safe.
 */
public final class Outcomes {
  private Outcomes() {}

  /** Longest error message kept in a history. */
  private static final int MAX_MESSAGE = 200;

  /**
   * Records the failure {@code e} of {@code pending}, and returns the operation. Its error is the status
   * code (or the exception's class) and the message: {@code UNAVAILABLE: request failed: ...}.
   */
  public static Operation failed(HistoryRecorder.Pending pending, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof KvException) {
      StatusCode code = ((KvException) cause).code();
      String error = describe(code.name(), cause);
      return nothingApplied(code) ? pending.fail(error) : pending.unknown(error);
    }
    return pending.unknown(describe(cause.getClass().getSimpleName(), cause));
  }

  private static String describe(String what, Throwable e) {
    String message = String.valueOf(e.getMessage());
    return what + ": " + (message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...");
  }

  /** Whether the client's contract says a request that failed with {@code code} had no effect. */
  public static boolean nothingApplied(StatusCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, RESOURCE_EXHAUSTED, PERMISSION_DENIED, FAILED_PRECONDITION -> true;
      case OK, UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL -> false;
    };
  }
}
