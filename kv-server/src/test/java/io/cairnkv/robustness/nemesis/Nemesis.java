package io.cairnkv.robustness.nemesis;

import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects faults into a {@link ProcessCluster} on a schedule drawn from a seed: kill -9 (the leader
 * preferred) with a restart after a pause, SIGSTOP longer than the election timeout, clean restarts;
 * on a partitionable cluster network partitions (the leader isolated, a minority cut off, a bridge)
 * held past the election timeout, then healed; and membership changes (a member replaced: a new one
 * added, then one removed). Faults are dealt from a shuffled deck of the chosen kinds, so a short run
 * sees every kind once and a long one each about equally often. One fault at a time, each undone
 * before the next, so a majority can always make progress between faults. Runs on its own thread until
 * stopped or its time is up; {@link #log()} lists what it did, with times relative to its start, and
 * {@link #counts()} how often each fault ran.
 */
public final class Nemesis implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

  /** The kinds of fault. */
  public enum Fault {
    KILL_LEADER, KILL_ANY, PAUSE_LEADER, PAUSE_FOLLOWER, RESTART_ANY,
    PARTITION_LEADER, PARTITION_MINORITY, PARTITION_BRIDGE, MEMBERSHIP;

    /** Faults that need only processes. */
    public static Set<Fault> processFaults() {
      return EnumSet.range(KILL_LEADER, RESTART_ANY);
    }

    /** Faults that need a partitionable cluster. */
    public static Set<Fault> partitions() {
      return EnumSet.range(PARTITION_LEADER, PARTITION_BRIDGE);
    }
  }

  private final ProcessCluster cluster;
  private final KvClient probe;
  private final Random random;
  private final Duration duration;
  private final List<Fault> faults;
  /** Faults still to deal before the next shuffle: every kind comes up equally often, in a random order. */
  private final List<Fault> deck = new ArrayList<>();
  private final MembershipChanges membership;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<String> log = new ArrayList<>();
  private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
  private long startNanos = System.nanoTime();
  private volatile RuntimeException failure;

  /**
   * @param probe a client with a short deadline, used to find the leader
   * @param seed drives every choice
   * @param duration how long to keep injecting faults
   * @param faults the kinds to draw from; partitions need {@link ProcessCluster#startPartitionable}
   */
  public Nemesis(ProcessCluster cluster, KvClient probe, long seed, Duration duration, Set<Fault> faults) {
    if (faults.isEmpty()) {
      throw new IllegalArgumentException("no faults to inject");
    }
    this.cluster = cluster;
    this.probe = probe;
    this.random = new Random(seed);
    this.duration = duration;
    this.faults = List.copyOf(EnumSet.copyOf(faults)); // enum order: the same seed draws the same faults
    this.membership = faults.contains(Fault.MEMBERSHIP)
        ? new MembershipChanges(cluster, probe, Set.copyOf(cluster.ids())) : null;
  }

  @Override
  public void run() {
    startNanos = System.nanoTime();
    long end = startNanos + duration.toNanos();
    try {
      for (int round = 0; round < 10_000 && !stop.get() && System.nanoTime() < end; round++) {
        sleep(1000 + random.nextInt(2000)); // healthy interval
        if (stop.get() || System.nanoTime() >= end) {
          break;
        }
        Fault fault = deal();
        synchronized (this) {
          counts.merge(fault, 1, Integer::sum);
        }
        inject(fault);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e; // a harness bug must not pass for a quiet schedule
      record("nemesis failed: " + e);
    } finally {
      healAll();
    }
  }

  /** What made the nemesis stop early, if anything did. */
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  private Fault deal() {
    if (deck.isEmpty()) {
      deck.addAll(faults);
      Collections.shuffle(deck, random);
    }
    return deck.remove(deck.size() - 1);
  }

  private void inject(Fault fault) throws InterruptedException {
    List<String> ids = cluster.ids();
    Optional<String> leader = cluster.leader(probe);
    String anyone = ids.get(random.nextInt(ids.size()));
    switch (fault) {
      case KILL_LEADER, KILL_ANY -> {
        String victim = fault == Fault.KILL_LEADER ? leader.orElse(anyone) : anyone;
        record("kill -9 " + victim);
        cluster.kill(victim);
        sleep(500 + random.nextInt(2500));
        record("start " + victim);
        cluster.startNode(victim);
      }
      case PAUSE_LEADER, PAUSE_FOLLOWER -> {
        String victim = fault == Fault.PAUSE_LEADER ? leader.orElse(anyone)
            : ids.stream().filter(id -> !leader.map(id::equals).orElse(false)).findAny().orElse(anyone);
        int millis = 2500 + random.nextInt(2500); // longer than the 2 s maximum election timeout
        record("SIGSTOP " + victim + " for " + millis + " ms");
        cluster.pause(victim);
        sleep(millis);
        record("SIGCONT " + victim);
        cluster.resume(victim);
      }
      case RESTART_ANY -> {
        record("clean restart " + anyone);
        cluster.stopNode(anyone);
        cluster.startNode(anyone);
      }
      case PARTITION_LEADER, PARTITION_MINORITY, PARTITION_BRIDGE -> {
        String shape = switch (fault) {
          case PARTITION_LEADER -> Partitions.isolate(cluster.links(), ids, leader.orElse(anyone));
          case PARTITION_MINORITY -> Partitions.minority(cluster.links(), ids, random);
          default -> Partitions.bridge(cluster.links(), ids, random);
        };
        int millis = 3000 + random.nextInt(4000); // past the election timeout, so the sides act on it
        record(shape + " for " + millis + " ms");
        sleep(millis);
        record("heal the network");
        cluster.links().healAll();
      }
      case MEMBERSHIP -> membership.change(random, this::record);
      default -> throw new IllegalStateException("unknown fault " + fault);
    }
  }

  /** Undoes every fault: heals the network, resumes paused members and starts stopped ones. */
  public void healAll() {
    if (faults.stream().anyMatch(Fault.partitions()::contains)) {
      cluster.links().healAll();
    }
    for (String id : cluster.ids()) {
      cluster.resume(id);
      if (!cluster.isRunning(id)) {
        record("start " + id + " (heal)");
        cluster.startNode(id);
      }
    }
  }

  /** Asks the nemesis to stop after the current fault. */
  public void stop() {
    stop.set(true);
  }

  /** What was done, in order. */
  public synchronized List<String> log() {
    return new ArrayList<>(log);
  }

  /** How many times each fault was drawn. */
  public synchronized Map<Fault, Integer> counts() {
    return new EnumMap<>(counts);
  }

  private synchronized void record(String action) {
    String line = String.format("%6d ms  %s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), action);
    log.add(line);
    LOG.info("Nemesis: {}", line);
  }

  private void sleep(long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!stop.get() && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
    }
  }
}
