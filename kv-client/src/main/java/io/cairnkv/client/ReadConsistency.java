package io.cairnkv.client;

/** How fresh a read must be. */
public enum ReadConsistency {
  /**
   * The default: the read reflects every write acknowledged before it started (Raft ReadIndex). Costs
   * one heartbeat round from the leader to a quorum.
   */
  LINEARIZABLE,
  /**
   * Served from one replica's local state without contacting the leader. It may miss writes acknowledged
   * recently (it can lag by whatever that replica has not applied yet, and a partitioned replica can lag
   * without bound), but never returns a value that was not committed, and one replica never goes back in
   * time. Use it to spread read load over followers.
   */
  SERIALIZABLE
}
