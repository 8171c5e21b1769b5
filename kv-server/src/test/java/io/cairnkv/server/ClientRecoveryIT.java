package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One long-lived client outlives outages: requests fail within their deadline, then work again. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientRecoveryIT {
  @Test
  void aClientKeepsWorkingAfterAnOutageLongerThanItsDeadline() {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("ClientRecoveryIT-outage"), 3)) {
      KvClient client = cluster.newClient(Duration.ofSeconds(2));
      client.put("recovery/before", "1");
      for (String id : cluster.ids()) {
        cluster.stopNode(id);
      }
      assertThatThrownBy(() -> client.put("recovery/during", "x")).isInstanceOf(KvException.class);
      assertThatThrownBy(() -> client.get("recovery/before")).isInstanceOf(KvException.class);
      for (String id : cluster.ids()) {
        cluster.startNode(id);
      }
      cluster.awaitLeader();
      Awaitility.await("the same client writes again").atMost(Duration.ofSeconds(60))
          .ignoreExceptionsInstanceOf(KvException.class)
          .until(() -> client.put("recovery/after", "2").revision() > 0);
      assertThat(client.get("recovery/before").first().orElseThrow().valueUtf8()).isEqualTo("1");
    }
  }

  @Test
  void statusOfAMemberThatWasDownWorksOnceItIsBack() {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("ClientRecoveryIT-member"), 3)) {
      KvClient client = cluster.newClient(Duration.ofSeconds(2));
      String leader = cluster.awaitLeader();
      String follower = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      Member member = client.members().stream().filter(m -> m.id().equals(follower)).findFirst().orElseThrow();
      // A member answers status once it has heard from the leader.
      Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(KvException.class)
          .until(() -> client.status(member).memberId().equals(follower));
      cluster.stopNode(follower);
      assertThatThrownBy(() -> client.status(member)).isInstanceOf(KvException.UnavailableException.class);
      assertThatThrownBy(() -> client.status(member)).isInstanceOf(KvException.UnavailableException.class);
      cluster.startNode(follower);
      Awaitility.await("status answers again").atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(KvException.class)
          .until(() -> client.status(member).memberId().equals(follower));
    }
  }
}
