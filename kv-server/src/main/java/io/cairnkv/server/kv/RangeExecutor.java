package io.cairnkv.server.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.cairnkv.proto.KeyValue;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RangeResponse;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.KvRecord;
import java.util.Optional;

/** Serves range requests from a {@link KvReader}, with etcd's range conventions. Stateless. */
public final class RangeExecutor {
  private RangeExecutor() {}

  /** Runs {@code request} against {@code reader}. */
  public static RangeResponse range(KvReader reader, RangeRequest request) {
    byte[] key = request.getKey().toByteArray();
    RangeResponse.Builder out = RangeResponse.newBuilder();
    if (request.getRangeEnd().isEmpty()) {
      Optional<KvRecord> record = reader.get(key);
      if (record.isPresent()) {
        out.setCount(1);
        if (!request.getCountOnly()) {
          out.addKvs(toProto(key, record.get(), request.getKeysOnly()));
        }
      }
      return out.build();
    }
    byte[] end = rangeEnd(request.getRangeEnd());
    long limit = request.getLimit();
    long[] count = {0};
    reader.scan(key, end, request.getReverse(), (k, record) -> {
      count[0]++;
      if (!request.getCountOnly() && (limit == 0 || out.getKvsCount() < limit)) {
        out.addKvs(toProto(k, record, request.getKeysOnly()));
      }
      return true;
    });
    out.setCount(count[0]);
    out.setMore(!request.getCountOnly() && limit > 0 && count[0] > limit);
    return out.build();
  }

  /** The exclusive end of a range in engine terms: null for etcd's "\0" (to the end of the key space). */
  static byte[] rangeEnd(ByteString rangeEnd) {
    return rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0 ? null : rangeEnd.toByteArray();
  }

  /** Converts a stored record to its wire form. */
  static KeyValue toProto(byte[] key, KvRecord record, boolean keysOnly) {
    KeyValue.Builder kv = KeyValue.newBuilder()
        .setKey(UnsafeByteOperations.unsafeWrap(key))
        .setCreateRevision(record.createRevision())
        .setModRevision(record.modRevision())
        .setVersion(record.version());
    if (!keysOnly) {
      kv.setValue(UnsafeByteOperations.unsafeWrap(record.value()));
    }
    return kv.build();
  }
}
