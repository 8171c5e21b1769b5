package io.cairnkv.robustness;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.MemberHash;
import io.cairnkv.server.cluster.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
   * @throws AssertionError naming the last hashes seen, or why none could be read, if they still differ
   *     after {@code atMost}
   */
  static List<MemberHash> awaitSameContent(ProcessCluster cluster, KvClient probe, Duration atMost) {
    AtomicReference<Poll> last = new AtomicReference<>(new Poll(List.of(), "not polled yet"));
    try {
      return Awaitility.await("every member holds the same content").atMost(atMost)
          .pollInterval(Duration.ofMillis(500)).until(() -> {
            Poll poll = poll(cluster, probe);
            last.set(poll);
            return poll;
          }, Poll::agree).hashes();
    } catch (ConditionTimeoutException e) {
      Poll poll = last.get();
      throw new AssertionError("members still differ after " + atMost + ": "
          + (poll.problem() == null ? poll.hashes() : poll.problem()), e);
    }
  }

  private static Poll poll(ProcessCluster cluster, KvClient probe) {
    var members = cluster.configuration(probe);
    if (members.isEmpty()) {
      return new Poll(List.of(), "no member reports itself leader, or the leader did not list its members; "
          + cluster.describeRoles(probe));
    }
    List<MemberHash> hashes = new ArrayList<>();
    for (String id : members.get()) {
      try {
        hashes.add(probe.hash(cluster.member(id)));
      } catch (KvException | IllegalStateException notUp) {
        return new Poll(hashes, "configuration " + members.get() + ": member " + id + " gave no hash: "
            + notUp.getMessage());
      }
    }
    return new Poll(hashes, null);
  }

  /** One look at the cluster: the hashes read, or why they could not all be read. */
  private record Poll(List<MemberHash> hashes, String problem) {
    boolean agree() {
      return problem == null
          && hashes.stream().map(h -> h.revision() + "/" + h.sha256()).distinct().count() == 1;
    }
  }
}
