package io.cairnkv.robustness.nemesis;

import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects process faults into a {@link ProcessCluster} on a schedule drawn from a seed: kill -9 (the
 * leader preferred) with a restart after a pause, SIGSTOP longer than the election timeout, clean
 * restarts. At most one member is faulty at a time, so a majority stays up and the workload can make
 * progress; every fault is undone before the next. Runs on its own thread until stopped or its time is
 * up; {@link #log()} lists what it did, with times relative to its start.
 */
public final class Nemesis implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

  /** The kinds of fault. */
  public enum Fault { KILL_LEADER, KILL_ANY, PAUSE_LEADER, PAUSE_FOLLOWER, RESTART_ANY }

  private final ProcessCluster cluster;
  private final KvClient probe;
  private final Random random;
  private final Duration duration;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<String> log = new ArrayList<>();
  private long startNanos;

  /**
   * @param probe a client with a short deadline, used to find the leader
   * @param seed drives every choice
   * @param duration how long to keep injecting faults
   */
  public Nemesis(ProcessCluster cluster, KvClient probe, long seed, Duration duration) {
    this.cluster = cluster;
    this.probe = probe;
    this.random = new Random(seed);
    this.duration = duration;
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
        inject(Fault.values()[random.nextInt(Fault.values().length)]);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      healAll();
    }
  }

  private void inject(Fault fault) throws InterruptedException {
    List<String> ids = cluster.ids();
    Optional<String> leader = cluster.leader(probe);
    String anyone = ids.get(random.nextInt(ids.size()));
    switch (fault) {
      case KILL_LEADER:
      case KILL_ANY: {
        String victim = fault == Fault.KILL_LEADER ? leader.orElse(anyone) : anyone;
        record("kill -9 " + victim);
        cluster.kill(victim);
        sleep(500 + random.nextInt(2500));
        record("start " + victim);
        cluster.startNode(victim);
        break;
      }
      case PAUSE_LEADER:
      case PAUSE_FOLLOWER: {
        String victim = fault == Fault.PAUSE_LEADER ? leader.orElse(anyone)
            : ids.stream().filter(id -> !leader.map(id::equals).orElse(false)).findAny().orElse(anyone);
        int millis = 2500 + random.nextInt(2500); // longer than the 2 s maximum election timeout
        record("SIGSTOP " + victim + " for " + millis + " ms");
        cluster.pause(victim);
        sleep(millis);
        record("SIGCONT " + victim);
        cluster.resume(victim);
        break;
      }
      case RESTART_ANY:
        record("clean restart " + anyone);
        cluster.stopNode(anyone);
        cluster.startNode(anyone);
        break;
      default:
        throw new IllegalStateException("unknown fault " + fault);
    }
  }

  /** Undoes every fault: resumes paused members and starts stopped ones. */
  public void healAll() {
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
