package io.cairnkv.client;

import java.util.Objects;

/**
 * A condition of a {@link Txn} on one key, with etcd's semantics: a missing key has version,
 * create revision and mod revision 0 and no value (a value compare on a missing key is false).
 * Immutable.
 */
public final class Compare {
  /** What is compared. */
  public enum Target { VALUE, VERSION, CREATE_REVISION, MOD_REVISION }

  /** How it is compared: {@code actual OP expected}. */
  public enum Operator { EQUAL, NOT_EQUAL, LESS, GREATER }

  private final Target target;
  private final Operator operator;
  private final byte[] key;
  private final byte[] value;
  private final long number;

  private Compare(Target target, Operator operator, byte[] key, byte[] value, long number) {
    this.target = target;
    this.operator = Objects.requireNonNull(operator, "operator");
    this.key = Objects.requireNonNull(key, "key").clone();
    this.value = value;
    this.number = number;
  }

  /** Compares the key's value (bytewise, unsigned) with {@code expected}. */
  public static Compare value(byte[] key, Operator operator, byte[] expected) {
    return new Compare(Target.VALUE, operator, key, Objects.requireNonNull(expected, "expected").clone(), 0);
  }

  /** Compares the key's version (0 when absent) with {@code expected}. */
  public static Compare version(byte[] key, Operator operator, long expected) {
    return new Compare(Target.VERSION, operator, key, null, expected);
  }

  /** Compares the key's create revision (0 when absent) with {@code expected}. */
  public static Compare createRevision(byte[] key, Operator operator, long expected) {
    return new Compare(Target.CREATE_REVISION, operator, key, null, expected);
  }

  /** Compares the key's mod revision (0 when absent) with {@code expected}. */
  public static Compare modRevision(byte[] key, Operator operator, long expected) {
    return new Compare(Target.MOD_REVISION, operator, key, null, expected);
  }

  /** What is compared. */
  public Target target() {
    return target;
  }

  /** The operator. */
  public Operator operator() {
    return operator;
  }

  /** A copy of the key. */
  public byte[] key() {
    return key.clone();
  }

  /** The expected value for {@link Target#VALUE}; null otherwise. */
  public byte[] expectedValue() {
    return value == null ? null : value.clone();
  }

  /** The expected number for the numeric targets. */
  public long expectedNumber() {
    return number;
  }
}
