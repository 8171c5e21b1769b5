package io.cairnkv.client.internal;

import com.google.protobuf.ByteString;
import io.cairnkv.proto.Compare;
import io.cairnkv.proto.DeleteRangeRequest;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RequestOp;
import io.cairnkv.proto.TxnRequest;
import io.cairnkv.proto.WriteCommand;
import java.util.Optional;

/**
 * Size limits of requests, and the check of a request against them.
 *
 * <p>The servers enforce these before a command enters the Raft log (the leader's configuration is
 * authoritative, so the client does not pre-check with defaults that might differ). Immutable and
 * thread-safe.
 *
 * @param maxKeyBytes largest key ({@code limits.key-max-bytes})
 * @param maxValueBytes largest value ({@code limits.value-max-bytes})
 * @param maxTxnOps most operations in one transaction branch, and most compares ({@code limits.txn-max-ops})
 * @param maxRequestBytes largest encoded request ({@code limits.request-max-bytes})
 */
public record RequestLimits(int maxKeyBytes, int maxValueBytes, int maxTxnOps, int maxRequestBytes) {
  /** The defaults: 8 KiB keys, 1 MiB values, 1024 ops per transaction, 4 MiB requests. */
  public static final RequestLimits DEFAULTS = new RequestLimits(8 * 1024, 1024 * 1024, 1024, 4 * 1024 * 1024);

  public RequestLimits {
    positive("limits.key-max-bytes", maxKeyBytes);
    positive("limits.value-max-bytes", maxValueBytes);
    positive("limits.txn-max-ops", maxTxnOps);
    positive("limits.request-max-bytes", maxRequestBytes);
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be > 0, got " + value);
    }
  }

  /** Describes the first limit {@code command} violates, or empty when it is acceptable. */
  public Optional<String> violation(WriteCommand command) {
    int size = command.getSerializedSize();
    if (size > maxRequestBytes) {
      return Optional.of("request is " + size + " bytes, over the limit of " + maxRequestBytes
          + " (limits.request-max-bytes); split it into smaller requests");
    }
    switch (command.getCommandCase()) {
      case PUT: return checkPut(command.getPut());
      case DELETE_RANGE: return checkDelete(command.getDeleteRange());
      case TXN: return checkTxn(command.getTxn());
      // Auth commands are small and bounded by the request size above; their names are checked at apply.
      case AUTH: return Optional.empty();
      default: return Optional.of("empty write command: set put, delete_range, txn or auth");
    }
  }

  /** Describes the first limit a read violates, or empty. */
  public Optional<String> violation(RangeRequest range) {
    return checkRangeKey("read", range.getKey(), range.getRangeEnd());
  }

  private Optional<String> checkPut(PutRequest put) {
    if (put.getKey().isEmpty()) {
      return Optional.of("put: key is empty; keys must be 1 to " + maxKeyBytes + " bytes");
    }
    Optional<String> key = checkKeySize("put", put.getKey());
    if (key.isPresent()) {
      return key;
    }
    if (put.getValue().size() > maxValueBytes) {
      return Optional.of("put: value of key '" + KeyFormat.show(put.getKey()) + "' is " + put.getValue().size()
          + " bytes, over the limit of " + maxValueBytes + " (limits.value-max-bytes); store large values elsewhere "
          + "or split them over several keys");
    }
    return Optional.empty();
  }

  private Optional<String> checkDelete(DeleteRangeRequest delete) {
    return checkRangeKey("delete", delete.getKey(), delete.getRangeEnd());
  }

  private Optional<String> checkRangeKey(String what, ByteString key, ByteString rangeEnd) {
    if (key.isEmpty() && rangeEnd.isEmpty()) {
      return Optional.of(what + ": key is empty; give a key, a prefix or a range");
    }
    Optional<String> k = checkKeySize(what, key);
    return k.isPresent() ? k : checkKeySize(what + " range end", rangeEnd);
  }

  private Optional<String> checkKeySize(String what, ByteString key) {
    if (key.size() > maxKeyBytes) {
      return Optional.of(what + ": key '" + KeyFormat.show(key) + "' is " + key.size()
          + " bytes, over the limit of " + maxKeyBytes + " (limits.key-max-bytes)");
    }
    return Optional.empty();
  }

  private Optional<String> checkTxn(TxnRequest txn) {
    if (txn.getCompareCount() > maxTxnOps) {
      return Optional.of("txn: " + txn.getCompareCount() + " compares, over the limit of " + maxTxnOps
          + " (limits.txn-max-ops)");
    }
    int ops = Math.max(txn.getSuccessCount(), txn.getFailureCount());
    if (ops > maxTxnOps) {
      return Optional.of("txn: " + ops + " operations in one branch, over the limit of " + maxTxnOps
          + " (limits.txn-max-ops); split the batch into several transactions");
    }
    for (Compare compare : txn.getCompareList()) {
      if (compare.getKey().isEmpty()) {
        return Optional.of("txn compare: key is empty");
      }
      Optional<String> k = checkKeySize("txn compare", compare.getKey());
      if (k.isPresent()) {
        return k;
      }
      // Numbers outside the enums (from another client version or a corrupted request) would silently
      // compare false; reject them so the sender learns its request was not understood.
      if (compare.getResult() == Compare.Result.UNRECOGNIZED) {
        return Optional.of("txn compare: unknown operator " + compare.getResultValue()
            + "; use EQUAL, NOT_EQUAL, LESS or GREATER");
      }
      if (compare.getTarget() == Compare.Target.UNRECOGNIZED) {
        return Optional.of("txn compare: unknown target " + compare.getTargetValue()
            + "; use VALUE, VERSION, CREATE_REVISION or MOD_REVISION");
      }
    }
    Optional<String> success = checkBranch(txn.getSuccessList());
    return success.isPresent() ? success : checkBranch(txn.getFailureList());
  }

  private Optional<String> checkBranch(java.util.List<RequestOp> ops) {
    java.util.Set<ByteString> written = new java.util.HashSet<>();
    for (RequestOp op : ops) {
      Optional<String> v = checkOp(op);
      if (v.isPresent()) {
        return v;
      }
      // As in etcd: a key written twice in one branch is ambiguous (which write wins, what version?).
      ByteString key = op.hasPut() ? op.getPut().getKey()
          : op.hasDeleteRange() && op.getDeleteRange().getRangeEnd().isEmpty() ? op.getDeleteRange().getKey() : null;
      if (key != null && !written.add(key)) {
        return Optional.of("txn: key '" + KeyFormat.show(key) + "' is written more than once in one branch; "
            + "write each key once per transaction");
      }
    }
    return Optional.empty();
  }

  private Optional<String> checkOp(RequestOp op) {
    switch (op.getRequestCase()) {
      case PUT: return checkPut(op.getPut());
      case RANGE: return violation(op.getRange());
      case DELETE_RANGE: return checkDelete(op.getDeleteRange());
      default: return Optional.of("txn: empty operation: set put, range or delete_range");
    }
  }
}
