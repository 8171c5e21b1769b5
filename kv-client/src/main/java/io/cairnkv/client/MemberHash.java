package io.cairnkv.client;

/**
 * A digest of one member's whole content, like etcd's hashkv: members at the same revision have equal
 * digests exactly when they hold the same keys, values and metadata.
 *
 * @param memberId the member
 * @param revision its store revision when hashed
 * @param raftIndex its applied Raft index when hashed
 * @param keyCount number of keys hashed
 * @param sha256 hex SHA-256 of the content in key order
 */
public record MemberHash(String memberId, long revision, long raftIndex, long keyCount, String sha256) {}
