package io.cairnkv.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/** Derives the Raft group id of a cluster from its name, so that servers and clients agree without extra config. */
public final class ClusterIds {
  /** The cluster name used when none is configured. */
  public static final String DEFAULT_CLUSTER = "cairnkv";

  private ClusterIds() {}

  /** The Raft group id of the cluster named {@code clusterName}. */
  public static RaftGroupId groupId(String clusterName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("cairnkv-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8)));
  }
}
