package io.cairnkv.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.MemberStatus;
import io.cairnkv.server.cluster.ProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import io.cairnkv.server.cluster.net.Links;
import io.cairnkv.server.cluster.net.ProxyNetwork;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that the harness' partitions really cut members apart, and that healing joins them again: Raft
 * traffic goes through the proxies; a leader cut off from both followers stops committing and steps
 * down while the two followers elect a leader and commit; after healing, the old leader catches up.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionIT {
  private static final Duration WITHIN = Duration.ofSeconds(40);

  @Test
  void isolatedLeaderLosesLeadershipAndCatchesUpAfterHealing() {
    assumeTrue(ProxyNetwork.unsupportedReason().isEmpty(), () -> ProxyNetwork.unsupportedReason().orElseThrow());
    try (ProcessCluster cluster = ProcessCluster.startPartitionable(TestDirs.fresh("PartitionIT"), 3, Map.of())) {
      KvClient client = cluster.newClient(Duration.ofSeconds(5));
      KvClient probe = cluster.newClient(Duration.ofSeconds(2));
      client.put("before", "1");
      String leader = cluster.awaitLeader(WITHIN);
      List<String> followers = cluster.ids().stream().filter(id -> !id.equals(leader)).toList();
      for (String follower : followers) {
        assertThat(cluster.connections(leader, follower)).as("connections %s -> %s through the proxy", leader,
            follower).isPositive();
      }

      Links links = cluster.links();
      followers.forEach(f -> links.cutBoth(leader, f));
      String successor = Awaitility.await("a leader among " + followers).atMost(WITHIN)
          .pollInterval(Duration.ofMillis(200)).until(() -> leaderAmong(cluster, probe, followers), Optional::isPresent)
          .orElseThrow();
      Awaitility.await("a write on the majority side").atMost(WITHIN).ignoreExceptionsInstanceOf(KvException.class)
          .until(() -> client.put("during", "2").revision() > 0);
      MemberStatus majority = probe.status(cluster.member(successor));
      Awaitility.await("the isolated " + leader + " steps down").atMost(WITHIN).pollInterval(Duration.ofMillis(200))
          .until(() -> !probe.status(cluster.member(leader)).role().equals("LEADER"));
      MemberStatus isolated = probe.status(cluster.member(leader));
      assertThat(isolated.commitIndex()).as("commit index of the isolated old leader")
          .isLessThan(majority.commitIndex());
      assertThat(isolated.revision()).as("revision of the isolated old leader").isLessThan(majority.revision());

      links.healAll();
      Awaitility.await(leader + " catches up after healing").atMost(WITHIN).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(KvException.class)
          .until(() -> probe.status(cluster.member(leader)).revision() >= majority.revision());
      client.put("after", "3");
      assertThat(Convergence.awaitSameContent(cluster, probe, WITHIN)).hasSize(3);
    }
  }

  private static Optional<String> leaderAmong(ProcessCluster cluster, KvClient probe, List<String> ids) {
    for (String id : ids) {
      try {
        if (probe.status(cluster.member(id)).role().equals("LEADER")) {
          return Optional.of(id);
        }
      } catch (KvException notNow) {
        // electing
      }
    }
    return Optional.empty();
  }
}
