package io.cairnkv.server.statemachine;

import io.cairnkv.client.internal.CommandRejectedException;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.server.metrics.KvMetrics;
import java.util.List;
import java.util.Locale;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.statemachine.TransactionContext;

/**
 * What travels with a write on the leader from {@code startTransaction} to its apply, or to its
 * rejection or abandonment: the payload parsed once, and the timing of its commands. Each command counts
 * as one request; whichever path ends the write first counts it, once. Thread-safe.
 *
 * @param payload the parsed payload; null when the request did not parse
 * @param timing the commands' timing, in flight until the write ends
 */
record PendingWrite(LogEntryPayload payload, KvMetrics.Request timing) {

  /** The pending write {@code trx} carries, or null (a follower, or a replayed entry). */
  static PendingWrite of(TransactionContext trx) {
    return trx.getStateMachineContext() instanceof PendingWrite ? (PendingWrite) trx.getStateMachineContext() : null;
  }

  /** Ends the write with each command's own status from {@code results}. */
  void applied(LogEntryResult.Builder results) {
    if (!timing.end()) {
      return;
    }
    List<WriteCommand> commands = payload.getCommandsList();
    for (int i = 0; i < commands.size(); i++) {
      timing.count(opName(commands.get(i)), results.getResults(i).getStatus().name());
    }
  }

  /** Ends the write with one status for all its commands, e.g. {@code unavailable}. */
  void failed(String status) {
    if (!timing.end()) {
      return;
    }
    if (payload == null || payload.getCommandsCount() == 0) {
      timing.count("unknown", status);
      return;
    }
    for (WriteCommand command : payload.getCommandsList()) {
      timing.count(opName(command), status);
    }
  }

  /** Ends the write without counting it (its effects were already applied before a restart). */
  void forget() {
    timing.end();
  }

  /** The request status of a write Ratis cancelled with {@code failure}. */
  static String statusOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CommandRejectedException) {
        return ((CommandRejectedException) t).code().name().toLowerCase(Locale.ROOT);
      }
      if (t instanceof ResourceUnavailableException) {
        return "resource_exhausted";
      }
      if (t instanceof NotLeaderException || t instanceof LeaderNotReadyException) {
        return "unavailable";
      }
    }
    return failure == null ? "unavailable" : "internal";
  }

  /** The {@code op} label of a command. */
  static String opName(WriteCommand command) {
    switch (command.getCommandCase()) {
      case PUT: return "put";
      case DELETE_RANGE: return "delete";
      case TXN: return "txn";
      default: return "unknown";
    }
  }
}
