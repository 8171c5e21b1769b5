package io.cairnkv.client;

/**
 * One replica's view of itself, as reported by that replica.
 *
 * @param memberId the replica's id
 * @param address its Raft address, host:port
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param leaderId the leader it follows; empty when it knows none
 * @param raftTerm its current term
 * @param commitIndex the highest log index it knows to be committed
 * @param appliedIndex the highest log index applied to its store
 * @param revision its store revision
 */
public record MemberStatus(String memberId, String address, String role, String leaderId, long raftTerm,
    long commitIndex, long appliedIndex, long revision) {}
