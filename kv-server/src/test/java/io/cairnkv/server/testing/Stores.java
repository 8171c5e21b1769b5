package io.cairnkv.server.testing;

import io.cairnkv.server.storage.KvEngine;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.KvRecord;
import io.cairnkv.server.storage.KvWriteTxn;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and seeds stores in a form tests can compare. */
public final class Stores {
  private Stores() {}

  /** {@code value@create/mod/vVersion}, e.g. {@code x@2/5/v3}. */
  public static String describe(KvRecord r) {
    return Commands.utf8(r.value()) + "@" + r.createRevision() + "/" + r.modRevision() + "/v" + r.version();
  }

  /** Every key of {@code reader} in order, as UTF-8 key to {@link #describe}. */
  public static Map<String, String> dump(KvReader reader) {
    Map<String, String> out = new LinkedHashMap<>();
    reader.scan(new byte[0], null, false, (k, r) -> {
      out.put(Commands.utf8(k), describe(r));
      return true;
    });
    return out;
  }

  /** Every key of {@code engine}, read through a fresh reader. */
  public static Map<String, String> dump(KvEngine engine) {
    try (KvReader reader = engine.newReader()) {
      return dump(reader);
    }
  }

  /** A record with the given value and metadata. */
  public static KvRecord record(String value, long create, long mod, long version) {
    return new KvRecord(create, mod, version, Commands.bytes(value));
  }

  /** Puts each key with the record {@code value=key, create=mod=i+1, version 1}, without an applied state change. */
  public static void seed(KvEngine engine, String... keys) {
    try (KvWriteTxn txn = engine.beginWrite()) {
      for (int i = 0; i < keys.length; i++) {
        txn.put(Commands.bytes(keys[i]), record("v-" + keys[i], i + 1, i + 1, 1));
      }
      txn.commit(engine.appliedState());
    }
  }
}
