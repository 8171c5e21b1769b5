package io.cairnkv.client;

/**
 * Stable outcome codes of CairnKV requests, identical on the wire and in the client.
 *
 * <p>Each non-OK code maps to exactly one {@link KvException} subtype.
 */
public enum StatusCode {
  /** The request succeeded. */
  OK,
  /** The request is malformed or exceeds a limit; retrying it unchanged fails again. */
  INVALID_ARGUMENT,
  /** The cluster is overloaded; the request had no effect and may be retried later. */
  RESOURCE_EXHAUSTED,
  /** No replica could serve the request in time (no quorum, no leader, unreachable). */
  UNAVAILABLE,
  /** The deadline passed before an answer arrived; a write may or may not have been applied. */
  DEADLINE_EXCEEDED,
  /** The caller lacks the rights for this request. */
  PERMISSION_DENIED,
  /** A bug or a storage failure on the server. */
  INTERNAL,
  /** The request cannot be served in the cluster's current state. */
  FAILED_PRECONDITION
}
