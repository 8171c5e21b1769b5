package io.cairnkv.client.internal;

import io.cairnkv.client.StatusCode;

/**
 * Carries a typed rejection from a server's {@code startTransaction} back to the client.
 *
 * <p>Ratis sends a state machine exception to the client as class name plus message and rebuilds it
 * there through the {@code (String)} constructor, so this class lives in the client jar and encodes
 * the status code as the message prefix {@code "CODE: "}.
 */
public final class CommandRejectedException extends Exception {
  private static final String SEPARATOR = ": ";

  /** Used by Ratis to rebuild the exception on the client; {@code message} is {@code "CODE: text"}. */
  public CommandRejectedException(String message) {
    super(message);
  }

  /** A rejection with the given status and human-readable reason. */
  public static CommandRejectedException of(StatusCode code, String reason) {
    return new CommandRejectedException(code.name() + SEPARATOR + reason);
  }

  /** The status code encoded in the message; INTERNAL when the message is not in the expected form. */
  public StatusCode code() {
    String message = getMessage();
    int at = message == null ? -1 : message.indexOf(SEPARATOR);
    if (at > 0) {
      try {
        return StatusCode.valueOf(message.substring(0, at));
      } catch (IllegalArgumentException unknown) {
        return StatusCode.INTERNAL;
      }
    }
    return StatusCode.INTERNAL;
  }

  /** The reason without the status prefix. */
  public String reason() {
    String message = getMessage();
    int at = message == null ? -1 : message.indexOf(SEPARATOR);
    return at > 0 ? message.substring(at + SEPARATOR.length()) : String.valueOf(message);
  }
}
