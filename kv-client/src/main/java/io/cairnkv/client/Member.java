package io.cairnkv.client;

/**
 * A voting member of the cluster.
 *
 * @param id the member id, as given in the servers' {@code --peers}
 * @param address its Raft address, host:port (also the client address)
 */
public record Member(String id, String address) {}
