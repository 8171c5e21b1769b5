package io.cairnkv.robustness.nemesis;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.server.cluster.ProcessCluster;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Grows a {@link ProcessCluster} by one new member (fresh id, empty data directory) or shrinks it by one,
 * through the Raft configuration, for the {@link Nemesis}. A change whose call failed (a timeout may hide
 * a success) is asked again until the leader's configuration shows the outcome; only then is a removed
 * member's process stopped. Single-threaded: the nemesis thread only.
 */
final class MembershipChanges {
  /** Attempts to get a change through before giving up on it for this round. */
  private static final int ATTEMPTS = 5;
  private static final Duration ADMIN_DEADLINE = Duration.ofSeconds(10);
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final ProcessCluster cluster;
  private final KvClient probe;
  private final KvClient admin;
  private final Set<String> clientEndpoints;
  private final int baseSize;

  /**
   * @param probe a client with a short deadline, to find the leader
   * @param clientEndpoints members the workloads' clients were built with: a majority of them stays in
   *     the configuration, so those clients always reach the cluster
   */
  MembershipChanges(ProcessCluster cluster, KvClient probe, Set<String> clientEndpoints) {
    this.cluster = cluster;
    this.probe = probe;
    this.admin = cluster.newClient(ADMIN_DEADLINE);
    this.clientEndpoints = Set.copyOf(clientEndpoints);
    this.baseSize = clientEndpoints.size();
  }

  /**
   * Adds a member when the configuration has its base size, else removes a random one allowed to go.
   *
   * @param record where to note each step
   */
  void change(Random random, Consumer<String> record) {
    Optional<List<String>> members = configuration();
    if (members.isEmpty()) {
      record.accept("membership: no leader answered; skipped");
      return;
    }
    if (members.get().size() <= baseSize) {
      add(record);
    } else {
      List<String> removable = removable(members.get());
      remove(removable.get(random.nextInt(removable.size())), record);
    }
  }

  /** Members whose removal keeps a majority of the clients' endpoints in the configuration. */
  private List<String> removable(List<String> members) {
    long endpointsIn = members.stream().filter(clientEndpoints::contains).count();
    return members.stream()
        .filter(m -> !clientEndpoints.contains(m) || endpointsIn - 1 > clientEndpoints.size() / 2)
        .collect(Collectors.toList());
  }

  private void add(Consumer<String> record) {
    String id = cluster.addNode();
    record.accept("membership: add " + id + " (empty data dir)");
    try {
      // Asking the leader before the new JVM listens only makes the leader's catch-up of it time out.
      Awaitility.await(id + " answers").atMost(STARTUP).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(KvException.class).until(() -> probe.status(cluster.member(id)) != null);
    } catch (ConditionTimeoutException e) {
      record.accept("membership: " + id + " did not answer within " + STARTUP + "; asking anyway");
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        admin.addMember(id, cluster.advertisedAddress(id));
        record.accept("membership: " + id + " added");
        return;
      } catch (KvException e) {
        record.accept("membership: add " + id + " attempt " + attempt + " failed: " + e.code());
        if (configuration().map(m -> m.contains(id)).orElse(false)) {
          record.accept("membership: " + id + " is in the configuration");
          return;
        }
      }
    }
    // Left running: it may still join; the next change and the final check read the configuration.
    record.accept("membership: gave up adding " + id);
  }

  private void remove(String id, Consumer<String> record) {
    record.accept("membership: remove " + id);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        admin.removeMember(id);
        break;
      } catch (KvException e) {
        record.accept("membership: remove " + id + " attempt " + attempt + " failed: " + e.code());
      }
      if (configuration().map(m -> !m.contains(id)).orElse(false)) {
        break;
      }
    }
    if (configuration().map(m -> m.contains(id)).orElse(true)) {
      record.accept("membership: gave up removing " + id + "; it keeps running");
      return;
    }
    cluster.removeNode(id);
    record.accept("membership: " + id + " removed and stopped");
  }

  /**
   * The voting members as the leader sees them; empty if no leader answered within a few seconds. A
   * follower or a removed member may still hold an older configuration, so only the leader is asked.
   */
  Optional<List<String>> configuration() {
    try {
      return Awaitility.await("the leader's configuration").atMost(Duration.ofSeconds(6))
          .pollInterval(Duration.ofMillis(250)).until(() -> cluster.configuration(probe), Optional::isPresent);
    } catch (ConditionTimeoutException noLeader) {
      return Optional.empty();
    }
  }
}
