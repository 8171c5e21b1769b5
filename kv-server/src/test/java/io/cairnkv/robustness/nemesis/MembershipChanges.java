package io.cairnkv.robustness.nemesis;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.server.cluster.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Replaces a member of a {@link ProcessCluster} through the Raft configuration, for the {@link Nemesis}:
 * a new member (fresh id, empty data directory) joins, then a member leaves and is stopped. A change whose call failed (a timeout may hide
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
   * Replaces a member: adds a new one, then removes a random member allowed to go (the leader too), so
   * both kinds of change run and the cluster returns to its base size. If an earlier change left it
   * larger, only removes.
   *
   * @param record where to note each step
   */
  void change(Random random, Consumer<String> record) {
    Optional<List<String>> members = configuration();
    if (members.isPresent() && members.get().size() <= baseSize) {
      Optional<String> added = add(record);
      members = configuration();
      if (added.isPresent() && members.isPresent()) {
        List<String> others = new ArrayList<>(members.get());
        others.remove(added.get());
        members = Optional.of(others);
      }
    }
    if (members.isEmpty()) {
      record.accept("membership: no leader answered; skipped");
      return;
    }
    List<String> removable = removable(members.get());
    if (removable.isEmpty()) {
      record.accept("membership: no member of " + members.get() + " may leave; skipped");
      return;
    }
    remove(removable.get(random.nextInt(removable.size())), record);
  }

  /** Members whose removal keeps a majority of the clients' endpoints in the configuration. */
  private List<String> removable(List<String> members) {
    long endpointsIn = members.stream().filter(clientEndpoints::contains).count();
    return members.stream()
        .filter(m -> !clientEndpoints.contains(m) || endpointsIn - 1 > clientEndpoints.size() / 2)
        .collect(Collectors.toList());
  }

  /** Adds a new member; returns its id if the configuration is known to hold it. */
  private Optional<String> add(Consumer<String> record) {
    String id = cluster.addNode();
    record.accept("membership: add " + id + " (empty data dir)");
    try {
      // Asking the leader before the new JVM listens only makes the leader's catch-up of it time out.
      Awaitility.await(id + " listens").atMost(STARTUP).pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.isListening(id));
    } catch (ConditionTimeoutException e) {
      record.accept("membership: " + id + " did not listen within " + STARTUP + "; asking anyway");
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        admin.addMember(id, cluster.advertisedAddress(id));
        record.accept("membership: " + id + " added");
        return Optional.of(id);
      } catch (KvException e) {
        record.accept("membership: add " + id + " attempt " + attempt + " failed: " + e.code());
        if (configuration().map(m -> m.contains(id)).orElse(false)) {
          record.accept("membership: " + id + " is in the configuration");
          return Optional.of(id);
        }
      }
    }
    // Left running: it may still join; the next change and the final check read the configuration.
    record.accept("membership: gave up adding " + id);
    return Optional.empty();
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
