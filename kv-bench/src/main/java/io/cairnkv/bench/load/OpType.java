package io.cairnkv.bench.load;

import java.util.Locale;

/** The operations a workload mixes, with the short names used by {@code --mix}. */
public enum OpType {
  /** A put of one key (a Raft log entry). */
  PUT("put"),
  /** A linearizable get of one key (ReadIndex through the leader). */
  GET("get"),
  /** A serializable get of one key (one replica's local state). */
  SGET("sget"),
  /**
   * A compare-and-put transaction on one key: if the key exists, put the new value, else read it
   * (with a preloaded key space the compare always holds). One Raft log entry.
   */
  TXN("txn");

  private final String shortName;

  OpType(String shortName) {
    this.shortName = shortName;
  }

  /** The name used in {@code --mix} and in results. */
  public String shortName() {
    return shortName;
  }

  /**
   * The operation named {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static OpType parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (OpType t : values()) {
      if (t.shortName.equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown operation '" + name + "'; use put, get, sget or txn");
  }
}
