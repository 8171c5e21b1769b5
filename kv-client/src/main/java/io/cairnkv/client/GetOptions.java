package io.cairnkv.client;

import java.util.Objects;

/**
 * Options of a read. Immutable; build with {@link #builder()}. {@link #DEFAULT} reads one key,
 * linearizably.
 */
public final class GetOptions {
  /** Single key, linearizable, no limit. */
  public static final GetOptions DEFAULT = builder().build();

  private final byte[] rangeEnd;
  private final boolean prefix;
  private final long limit;
  private final boolean reverse;
  private final boolean keysOnly;
  private final boolean countOnly;
  private final ReadConsistency consistency;

  private GetOptions(Builder b) {
    this.rangeEnd = b.rangeEnd;
    this.prefix = b.prefix;
    this.limit = b.limit;
    this.reverse = b.reverse;
    this.keysOnly = b.keysOnly;
    this.countOnly = b.countOnly;
    this.consistency = b.consistency;
  }

  /** A new builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Explicit range end, or null when not set. */
  public byte[] rangeEnd() {
    return rangeEnd == null ? null : rangeEnd.clone();
  }

  /** Whether the key is read as a prefix. */
  public boolean isPrefix() {
    return prefix;
  }

  /** Maximum number of keys returned; 0 means no limit. */
  public long limit() {
    return limit;
  }

  /** Whether keys come in descending order. */
  public boolean isReverse() {
    return reverse;
  }

  /** Whether values are omitted. */
  public boolean isKeysOnly() {
    return keysOnly;
  }

  /** Whether only the count is returned. */
  public boolean isCountOnly() {
    return countOnly;
  }

  /** Required freshness. */
  public ReadConsistency consistency() {
    return consistency;
  }

  /** Builder of {@link GetOptions}; not thread-safe. */
  public static final class Builder {
    private byte[] rangeEnd;
    private boolean prefix;
    private long limit;
    private boolean reverse;
    private boolean keysOnly;
    private boolean countOnly;
    private ReadConsistency consistency = ReadConsistency.LINEARIZABLE;

    private Builder() {}

    /** Reads every key that starts with the given key. Exclusive with {@link #rangeEnd}. */
    public Builder prefix() {
      this.prefix = true;
      return this;
    }

    /** Reads {@code [key, rangeEnd)}; {@link KeyRange#TO_END} reads to the end of the key space. */
    public Builder rangeEnd(byte[] rangeEnd) {
      this.rangeEnd = Objects.requireNonNull(rangeEnd, "rangeEnd").clone();
      return this;
    }

    /** At most {@code limit} keys (0: no limit); {@link GetResult#more()} tells whether more exist. */
    public Builder limit(long limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0, got " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** Descending key order. */
    public Builder reverse() {
      this.reverse = true;
      return this;
    }

    /** Omit values. */
    public Builder keysOnly() {
      this.keysOnly = true;
      return this;
    }

    /** Return only the number of keys in the range. */
    public Builder countOnly() {
      this.countOnly = true;
      return this;
    }

    /** Required freshness; default {@link ReadConsistency#LINEARIZABLE}. */
    public Builder consistency(ReadConsistency consistency) {
      this.consistency = Objects.requireNonNull(consistency, "consistency");
      return this;
    }

    /** Builds the options. */
    public GetOptions build() {
      if (prefix && rangeEnd != null) {
        throw new IllegalArgumentException("prefix and rangeEnd are exclusive");
      }
      return new GetOptions(this);
    }
  }
}
