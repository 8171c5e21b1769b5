package io.cairnkv.server.metrics;

import io.cairnkv.server.storage.StoreStats;
import java.util.Optional;

/**
 * The state of one member that the gauges of {@link NodeMetricsBinder} read on every scrape. Numbers are
 * {@code -1} when unknown (Raft not running, store closed). Implementations must be thread-safe and cheap.
 */
public interface NodeMetricsSource {
  /** The Raft role (LEADER, FOLLOWER, CANDIDATE, LISTENER); empty when Raft is not running. */
  Optional<String> role();

  /** Whether the member knows a leader. */
  boolean hasLeader();

  /** The current term. */
  long term();

  /** The highest index known committed. */
  long commitIndex();

  /** The highest index applied to the store. */
  long appliedIndex();

  /** First index in the Raft log. */
  long logStartIndex();

  /** Last index in the Raft log. */
  long logEndIndex();

  /** Bytes of the Raft log segments on disk. */
  long logSizeBytes();

  /** Elections this member started, as Ratis counts them. */
  long elections();

  /** Index of the newest snapshot; -1 when there is none. */
  long lastSnapshotIndex();

  /** Bytes of the newest snapshot; -1 when there is none. */
  long lastSnapshotBytes();

  /** The store revision. */
  long revision();

  /** Log entries applied since start. */
  long entriesApplied();

  /** Log entries replayed since start that the store already held. */
  long entriesSkipped();

  /** Store sizes; empty while the store is closed. */
  Optional<StoreStats> storeStats();
}
