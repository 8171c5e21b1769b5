package io.cairnkv.client;

/** The result of one operation inside a transaction: a {@link PutResult}, {@link GetResult} or {@link DeleteResult}. */
public interface OpResult {
  /** The store revision the operation was served at. */
  long revision();
}
