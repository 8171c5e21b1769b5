package io.cairnkv.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An atomic transaction with etcd's semantics: if every compare holds, the "then" operations run,
 * otherwise the "else" operations run; either way as one write at one revision. A transaction
 * without compares always runs "then": that is how to write several keys atomically. Immutable.
 */
public final class Txn {
  private final List<Compare> compares;
  private final List<Op> thenOps;
  private final List<Op> elseOps;

  private Txn(List<Compare> compares, List<Op> thenOps, List<Op> elseOps) {
    this.compares = List.copyOf(compares);
    this.thenOps = List.copyOf(thenOps);
    this.elseOps = List.copyOf(elseOps);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The conditions, all of which must hold. */
  public List<Compare> compares() {
    return compares;
  }

  /** Operations run when every compare holds. */
  public List<Op> thenOps() {
    return thenOps;
  }

  /** Operations run otherwise. */
  public List<Op> elseOps() {
    return elseOps;
  }

  /** Builder of {@link Txn}; not thread-safe. */
  public static final class Builder {
    private final List<Compare> compares = new ArrayList<>();
    private final List<Op> thenOps = new ArrayList<>();
    private final List<Op> elseOps = new ArrayList<>();

    private Builder() {}

    /** Adds conditions. */
    public Builder when(Compare... compares) {
      this.compares.addAll(Arrays.asList(compares));
      return this;
    }

    /** Adds operations to the success branch. */
    public Builder then(Op... ops) {
      this.thenOps.addAll(Arrays.asList(ops));
      return this;
    }

    /** Adds operations to the failure branch. */
    public Builder otherwise(Op... ops) {
      this.elseOps.addAll(Arrays.asList(ops));
      return this;
    }

    /** Builds the transaction. */
    public Txn build() {
      return new Txn(compares, thenOps, elseOps);
    }
  }
}
