package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberStatus;
import io.cairnkv.server.cluster.AckedWriters;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Membership changes and leadership transfers under write load: grow 3 -> 5, hand leadership to every
 * member in turn, shrink 5 -> 3, replace a dead member by a new empty one. Clients keep working and no
 * acknowledged write is lost.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MembershipIT {
  @Test
  void growTransferShrinkAndReplaceUnderLoad() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("MembershipIT"), 3,
        Map.of("snapshot.auto-trigger-entries", "300"))) {
      KvClient admin = cluster.newClient(Duration.ofSeconds(30));
      KvClient writer = cluster.newClient(Duration.ofSeconds(30));
      AckedWriters writes = new AckedWriters(writer, "membership/", 2);
      try (writes) {
        writes.awaitMore(50);

        cluster.addNode("n4", admin);
        cluster.addNode("n5", admin);
        assertThat(ids(admin)).containsExactlyInAnyOrder("n1", "n2", "n3", "n4", "n5");
        writes.awaitMore(50);

        for (String id : List.of("n1", "n2", "n3", "n4", "n5")) {
          // A transfer can lose a race with an election (Ratis then reports DIFFERENT_LEADER); ask again.
          Awaitility.await("leadership moves to " + id).atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500)).until(() -> transfer(admin, cluster, id));
          writes.awaitMore(20);
        }

        admin.removeMember("n5");
        cluster.forgetNode("n5");
        admin.removeMember("n4");
        cluster.forgetNode("n4");
        assertThat(ids(admin)).containsExactlyInAnyOrder("n1", "n2", "n3");
        writes.awaitMore(50);

        String dead = cluster.ids().stream().filter(id -> !id.equals(cluster.awaitLeader())).findFirst().orElseThrow();
        cluster.stopNode(dead);
        admin.removeMember(dead);
        cluster.forgetNode(dead);
        cluster.addNode("n6", admin);
        writes.awaitMore(50);
        assertThat(ids(admin)).hasSize(3).contains("n6").doesNotContain(dead);
      }
      long revision = writer.put("membership/last", "x").revision();
      Awaitility.await("n6 caught up").atMost(Duration.ofSeconds(60))
          .until(() -> cluster.node("n6").stateMachine().engine() != null
              && cluster.node("n6").stateMachine().engine().appliedState().revision() >= revision);
      writes.assertAllReadable(writer, "after the membership changes");
    }
  }

  @Test
  void aMemberThatHasNotJoinedYetReportsItsStatusAndHash() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("MembershipIT-joining"), 3)) {
      KvClient admin = cluster.newClient(Duration.ofSeconds(30));
      long revision = admin.put("joining/a", "1").revision();
      Member joining = cluster.startNewNode("n4");

      // Before it is added it has learned no commit index; it must still say what it is.
      MemberStatus before = admin.status(joining);
      assertThat(before.memberId()).isEqualTo("n4");
      assertThat(before.commitIndex()).isLessThan(0);
      assertThat(admin.hash(joining).keyCount()).isZero();

      admin.addMember("n4", joining.address());
      Awaitility.await("n4 caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> admin.status(joining).revision() >= revision);
      assertThat(admin.hash(joining).keyCount()).isEqualTo(1);
    }
  }

  private static boolean transfer(KvClient admin, InProcessCluster cluster, String id) {
    if (!cluster.leader().orElse("").equals(id)) {
      try {
        admin.transferLeadership(id);
      } catch (KvException raced) {
        return false;
      }
    }
    return cluster.leader().orElse("").equals(id);
  }

  private static List<String> ids(KvClient client) {
    return client.members().stream().map(Member::id).toList();
  }
}
