package io.cairnkv.robustness;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.MemberHash;
import io.cairnkv.server.cluster.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Checks that the replicas agree once writes have stopped: every member in the leader's configuration
 * reaches the same revision with the same content digest. Stateless.
 */
final class Convergence {
  private Convergence() {}

  /**
   * Waits until every member of the configuration reports the same hash, and returns those hashes.
   *
   * @throws AssertionError naming the last hashes seen if they still differ after {@code atMost}
   */
  static List<MemberHash> awaitSameContent(ProcessCluster cluster, KvClient probe, Duration atMost) {
    List<List<MemberHash>> last = new ArrayList<>(List.of(List.of()));
    try {
      return Awaitility.await("every member holds the same content").atMost(atMost)
          .pollInterval(Duration.ofMillis(500)).until(() -> {
            Optional<List<MemberHash>> hashes = hashes(cluster, probe);
            hashes.ifPresent(h -> last.set(0, h));
            return hashes;
          }, h -> h.isPresent() && agree(h.get())).orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("members still differ after " + atMost + ": " + last.get(0), e);
    }
  }

  private static Optional<List<MemberHash>> hashes(ProcessCluster cluster, KvClient probe) {
    Optional<List<String>> members = cluster.configuration(probe);
    if (members.isEmpty()) {
      return Optional.empty();
    }
    List<MemberHash> hashes = new ArrayList<>();
    for (String id : members.get()) {
      try {
        hashes.add(probe.hash(cluster.member(id)));
      } catch (KvException | IllegalStateException notUp) {
        return Optional.empty();
      }
    }
    return Optional.of(hashes);
  }

  private static boolean agree(List<MemberHash> hashes) {
    return hashes.stream().map(h -> h.revision() + "/" + h.sha256()).distinct().count() == 1;
  }
}
