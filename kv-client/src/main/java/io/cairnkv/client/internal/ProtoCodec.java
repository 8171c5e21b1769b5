package io.cairnkv.client.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.cairnkv.client.Compare;
import io.cairnkv.client.DeleteOptions;
import io.cairnkv.client.DeleteResult;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KeyRange;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.Op;
import io.cairnkv.client.OpResult;
import io.cairnkv.client.PutResult;
import io.cairnkv.client.Txn;
import io.cairnkv.client.TxnResult;
import io.cairnkv.proto.DeleteRangeRequest;
import io.cairnkv.proto.DeleteRangeResponse;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.PutResponse;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RangeResponse;
import io.cairnkv.proto.RequestOp;
import io.cairnkv.proto.ResponseOp;
import io.cairnkv.proto.TxnRequest;
import io.cairnkv.proto.TxnResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.protocol.Message;

/**
 * The client's one conversion between API types, protocol messages and Ratis messages.
 *
 * <p>User byte arrays are wrapped, not copied, once the API types have taken their defensive copies.
 */
public final class ProtoCodec {
  private ProtoCodec() {}

  /** Encodes a protocol message as a Ratis message, without copying the encoded bytes again. */
  public static Message toRatis(com.google.protobuf.MessageLite proto) {
    return Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations
        .unsafeWrap(proto.toByteArray()));
  }

  /** A read-only view of a Ratis message's content, for parsing. */
  public static ByteBuffer content(Message message) {
    return message.getContent().asReadOnlyByteBuffer();
  }

  static ByteString wrap(byte[] bytes) {
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  /** Builds a put request. */
  public static PutRequest put(byte[] key, byte[] value, boolean prevKv) {
    return PutRequest.newBuilder().setKey(wrap(key)).setValue(wrap(value)).setPrevKv(prevKv).build();
  }

  /** Builds a range request. */
  public static RangeRequest range(byte[] key, GetOptions options) {
    RangeRequest.Builder b = RangeRequest.newBuilder().setKey(wrap(key))
        .setLimit(options.limit()).setReverse(options.isReverse())
        .setKeysOnly(options.isKeysOnly()).setCountOnly(options.isCountOnly());
    byte[] end = options.isPrefix() ? KeyRange.prefixEnd(key) : options.rangeEnd();
    if (end != null) {
      b.setRangeEnd(wrap(end));
    }
    return b.build();
  }

  /** Builds a delete request. */
  public static DeleteRangeRequest delete(byte[] key, DeleteOptions options) {
    DeleteRangeRequest.Builder b = DeleteRangeRequest.newBuilder().setKey(wrap(key)).setPrevKv(options.isPrevKv());
    byte[] end = options.isPrefix() ? KeyRange.prefixEnd(key) : options.rangeEnd();
    if (end != null) {
      b.setRangeEnd(wrap(end));
    }
    return b.build();
  }

  /** Builds a transaction request. */
  public static TxnRequest txn(Txn txn) {
    TxnRequest.Builder b = TxnRequest.newBuilder();
    for (Compare c : txn.compares()) {
      b.addCompare(compare(c));
    }
    for (Op op : txn.thenOps()) {
      b.addSuccess(op(op));
    }
    for (Op op : txn.elseOps()) {
      b.addFailure(op(op));
    }
    return b.build();
  }

  private static io.cairnkv.proto.Compare compare(Compare c) {
    io.cairnkv.proto.Compare.Builder b = io.cairnkv.proto.Compare.newBuilder()
        .setKey(wrap(c.key()))
        .setResult(io.cairnkv.proto.Compare.Result.valueOf(c.operator().name()));
    switch (c.target()) {
      case VALUE:
        return b.setTarget(io.cairnkv.proto.Compare.Target.VALUE).setValue(wrap(c.expectedValue())).build();
      case VERSION:
        return b.setTarget(io.cairnkv.proto.Compare.Target.VERSION).setVersion(c.expectedNumber()).build();
      case CREATE_REVISION:
        return b.setTarget(io.cairnkv.proto.Compare.Target.CREATE_REVISION)
            .setCreateRevision(c.expectedNumber()).build();
      case MOD_REVISION:
        return b.setTarget(io.cairnkv.proto.Compare.Target.MOD_REVISION).setModRevision(c.expectedNumber()).build();
      default:
        throw new IllegalArgumentException("unknown compare target " + c.target());
    }
  }

  private static RequestOp op(Op op) {
    switch (op.kind()) {
      case PUT: return RequestOp.newBuilder().setPut(put(op.key(), op.value(), op.isPrevKv())).build();
      case GET: return RequestOp.newBuilder().setRange(range(op.key(), op.getOptions())).build();
      case DELETE: return RequestOp.newBuilder().setDeleteRange(delete(op.key(), op.deleteOptions())).build();
      default: throw new IllegalArgumentException("unknown op " + op.kind());
    }
  }

  /** Converts a protocol key-value. */
  public static KeyValue keyValue(io.cairnkv.proto.KeyValue kv) {
    return new KeyValue(kv.getKey().toByteArray(), kv.getValue().toByteArray(),
        kv.getCreateRevision(), kv.getModRevision(), kv.getVersion());
  }

  private static List<KeyValue> keyValues(List<io.cairnkv.proto.KeyValue> kvs) {
    List<KeyValue> out = new ArrayList<>(kvs.size());
    for (io.cairnkv.proto.KeyValue kv : kvs) {
      out.add(keyValue(kv));
    }
    return out;
  }

  /** Converts a put response. */
  public static PutResult putResult(long revision, PutResponse r) {
    return new PutResult(revision, r.hasPrevKv() ? Optional.of(keyValue(r.getPrevKv())) : Optional.empty());
  }

  /** Converts a range response. */
  public static GetResult getResult(long revision, RangeResponse r) {
    return new GetResult(revision, keyValues(r.getKvsList()), r.getMore(), r.getCount());
  }

  /** Converts a delete response. */
  public static DeleteResult deleteResult(long revision, DeleteRangeResponse r) {
    return new DeleteResult(revision, r.getDeleted(), keyValues(r.getPrevKvsList()));
  }

  /** Converts a transaction response. */
  public static TxnResult txnResult(long revision, TxnResponse r) {
    List<OpResult> results = new ArrayList<>(r.getResponsesCount());
    for (ResponseOp op : r.getResponsesList()) {
      switch (op.getResponseCase()) {
        case PUT: results.add(putResult(revision, op.getPut())); break;
        case RANGE: results.add(getResult(revision, op.getRange())); break;
        case DELETE_RANGE: results.add(deleteResult(revision, op.getDeleteRange())); break;
        default: throw new IllegalStateException("empty response op in txn reply");
      }
    }
    return new TxnResult(revision, r.getSucceeded(), results);
  }

  /** Parses a message, turning a decoding failure into an unchecked error (it means a version mismatch or a bug). */
  public static <T> T parse(ProtoParser<T> parser, ByteBuffer bytes) {
    try {
      return parser.parse(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable message from server: " + e.getMessage(), e);
    }
  }

  /** A protobuf parse method reference. */
  @FunctionalInterface
  public interface ProtoParser<T> {
    /** Parses {@code bytes}. */
    T parse(ByteBuffer bytes) throws InvalidProtocolBufferException;
  }
}
