package io.cairnkv.client;

import java.util.Objects;

/** Options of a delete. Immutable; {@link #DEFAULT} deletes one key and returns nothing but the count. */
public final class DeleteOptions {
  /** Single key, no previous values returned. */
  public static final DeleteOptions DEFAULT = builder().build();

  private final byte[] rangeEnd;
  private final boolean prefix;
  private final boolean prevKv;

  private DeleteOptions(Builder b) {
    this.rangeEnd = b.rangeEnd;
    this.prefix = b.prefix;
    this.prevKv = b.prevKv;
  }

  /** A new builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Explicit range end, or null. */
  public byte[] rangeEnd() {
    return rangeEnd == null ? null : rangeEnd.clone();
  }

  /** Whether the key is a prefix. */
  public boolean isPrefix() {
    return prefix;
  }

  /** Whether deleted key-values are returned. */
  public boolean isPrevKv() {
    return prevKv;
  }

  /** Builder of {@link DeleteOptions}; not thread-safe. */
  public static final class Builder {
    private byte[] rangeEnd;
    private boolean prefix;
    private boolean prevKv;

    private Builder() {}

    /** Deletes every key that starts with the given key. */
    public Builder prefix() {
      this.prefix = true;
      return this;
    }

    /** Deletes {@code [key, rangeEnd)}. */
    public Builder rangeEnd(byte[] rangeEnd) {
      this.rangeEnd = Objects.requireNonNull(rangeEnd, "rangeEnd").clone();
      return this;
    }

    /** Return the deleted key-values. */
    public Builder prevKv() {
      this.prevKv = true;
      return this;
    }

    /** Builds the options. */
    public DeleteOptions build() {
      if (prefix && rangeEnd != null) {
        throw new IllegalArgumentException("prefix and rangeEnd are exclusive");
      }
      return new DeleteOptions(this);
    }
  }
}
