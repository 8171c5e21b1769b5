package io.cairnkv.server.testing;

import com.google.protobuf.ByteString;
import io.cairnkv.proto.Compare;
import io.cairnkv.proto.DeleteRangeRequest;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RequestOp;
import io.cairnkv.proto.TxnRequest;
import io.cairnkv.proto.WriteCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Short builders of protocol commands with UTF-8 keys and values, for the server's unit tests. */
public final class Commands {
  /** etcd's range end meaning "to the end of the key space". */
  public static final String TO_END = "\0";

  private Commands() {}

  public static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  public static PutRequest putRequest(String key, String value, boolean prevKv) {
    return PutRequest.newBuilder().setKey(bs(key)).setValue(bs(value)).setPrevKv(prevKv).build();
  }

  /** A delete of {@code key}, or of {@code [key, end)} when {@code end} is not null. */
  public static DeleteRangeRequest deleteRequest(String key, String end, boolean prevKv) {
    DeleteRangeRequest.Builder b = DeleteRangeRequest.newBuilder().setKey(bs(key)).setPrevKv(prevKv);
    if (end != null) {
      b.setRangeEnd(bs(end));
    }
    return b.build();
  }

  /** A read of {@code key}, or of {@code [key, end)} when {@code end} is not null. */
  public static RangeRequest.Builder rangeRequest(String key, String end) {
    RangeRequest.Builder b = RangeRequest.newBuilder().setKey(bs(key));
    if (end != null) {
      b.setRangeEnd(bs(end));
    }
    return b;
  }

  public static WriteCommand put(String key, String value) {
    return WriteCommand.newBuilder().setPut(putRequest(key, value, false)).build();
  }

  public static WriteCommand putPrevKv(String key, String value) {
    return WriteCommand.newBuilder().setPut(putRequest(key, value, true)).build();
  }

  public static WriteCommand delete(String key) {
    return WriteCommand.newBuilder().setDeleteRange(deleteRequest(key, null, false)).build();
  }

  public static WriteCommand deleteRange(String key, String end, boolean prevKv) {
    return WriteCommand.newBuilder().setDeleteRange(deleteRequest(key, end, prevKv)).build();
  }

  public static WriteCommand txn(List<Compare> when, List<RequestOp> then, List<RequestOp> otherwise) {
    return WriteCommand.newBuilder().setTxn(TxnRequest.newBuilder()
        .addAllCompare(when).addAllSuccess(then).addAllFailure(otherwise)).build();
  }

  public static RequestOp putOp(String key, String value) {
    return RequestOp.newBuilder().setPut(putRequest(key, value, false)).build();
  }

  public static RequestOp getOp(String key) {
    return RequestOp.newBuilder().setRange(rangeRequest(key, null)).build();
  }

  public static RequestOp deleteOp(String key, String end) {
    return RequestOp.newBuilder().setDeleteRange(deleteRequest(key, end, false)).build();
  }

  /** {@code target(key) result number} for the numeric targets. */
  public static Compare compare(String key, Compare.Target target, Compare.Result result, long number) {
    Compare.Builder c = Compare.newBuilder().setKey(bs(key)).setTarget(target).setResult(result);
    switch (target) {
      case VERSION: return c.setVersion(number).build();
      case CREATE_REVISION: return c.setCreateRevision(number).build();
      case MOD_REVISION: return c.setModRevision(number).build();
      default: throw new IllegalArgumentException("numeric target expected, got " + target);
    }
  }

  /** {@code value(key) result expected}. */
  public static Compare compareValue(String key, Compare.Result result, String expected) {
    return Compare.newBuilder().setKey(bs(key)).setTarget(Compare.Target.VALUE).setResult(result)
        .setValue(bs(expected)).build();
  }

  public static LogEntryPayload payload(WriteCommand... commands) {
    return LogEntryPayload.newBuilder().addAllCommands(List.of(commands)).build();
  }
}
