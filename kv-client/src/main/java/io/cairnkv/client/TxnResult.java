package io.cairnkv.client;

import java.util.List;

/**
 * Result of a transaction.
 *
 * @param revision the store revision after the transaction
 * @param succeeded whether every compare held (the "then" branch ran) or not (the "else" branch ran)
 * @param results one result per operation of the branch that ran, in order
 */
public record TxnResult(long revision, boolean succeeded, List<OpResult> results) {
  public TxnResult {
    results = List.copyOf(results);
  }
}
