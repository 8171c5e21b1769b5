package io.cairnkv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.robustness.checker.BankChecker;
import io.cairnkv.robustness.checker.RegisterChecker;
import io.cairnkv.robustness.checker.SearchBudget;
import io.cairnkv.robustness.checker.SetChecker;
import io.cairnkv.robustness.checker.Verdict;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Outcome;
import io.cairnkv.robustness.workload.BankWorkload;
import io.cairnkv.robustness.workload.RegisterWorkload;
import io.cairnkv.robustness.workload.SetWorkload;
import io.cairnkv.robustness.workload.WorkloadLimits;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers, a set and a bank on a 3-node in-process cluster, each for {@link #RUN} while the leader is
 * stopped a third of the way in and restarted at two thirds; the recorded histories must pass their
 * checkers. On failure the history and the verdict stay in
 * {@code target/robustness/LinearizabilityIT-<test>/}.
 *
 * <p>System properties: {@code cairnkv.robustness.seconds} (run length per workload, default 20) and
 * {@code cairnkv.robustness.seed} (default: the clock, logged) to replay the workloads' choices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LinearizabilityIT {
  private static final Logger LOG = LoggerFactory.getLogger(LinearizabilityIT.class);
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("cairnkv.robustness.seconds", 20));
  private static final long SEED = Long.getLong("cairnkv.robustness.seed", System.currentTimeMillis());
  /** Short enough that requests caught by the leader's stop end, as unknown, within the run. */
  private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(5);
  private static final int THREADS = 4;
  private static final int MAX_OPS = 50_000;
  private static final String REPORT_PREFIX = "LinearizabilityIT-";

  /** Probes of each client's health after a workload, before giving up on it. */
  private static final Duration PROBE_TIME = Duration.ofSeconds(10);

  private InProcessCluster cluster;

  @BeforeAll
  void startCluster() {
    cluster = InProcessCluster.start(TestDirs.fresh("LinearizabilityIT"), 3);
    LOG.info("Seed {}, {} per workload", SEED, RUN);
  }

  /** Fresh clients per workload, so that a client broken by one run cannot spoil the next. */
  private List<KvClient> newClients() {
    return List.of(cluster.newClient(CLIENT_DEADLINE), cluster.newClient(CLIENT_DEADLINE));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void registers() throws InterruptedException {
    List<KvClient> clients = newClients();
    RegisterWorkload workload = new RegisterWorkload(clients, "lin/reg/", 3, limits(), CLIENT_DEADLINE, SEED);
    RegisterChecker checker = new RegisterChecker(new SearchBudget(2_000_000, Duration.ofSeconds(15)),
        Duration.ofSeconds(15));
    runAndCheck("registers", clients, workload::run, workload.recorder(), checker::check);
  }

  @Test
  void set() throws InterruptedException {
    List<KvClient> clients = newClients();
    SetWorkload workload = new SetWorkload(clients, "lin/set/", limits(), CLIENT_DEADLINE, SEED);
    runAndCheck("set", clients, workload::run, workload.recorder(), new SetChecker()::check);
  }

  @Test
  void bank() throws InterruptedException {
    List<KvClient> clients = newClients();
    BankWorkload workload = new BankWorkload(clients, "lin/bank/", 5, 100, limits(), CLIENT_DEADLINE, SEED);
    runAndCheck("bank", clients, workload::run, workload.recorder(), new BankChecker()::check);
  }

  private static WorkloadLimits limits() {
    return new WorkloadLimits(THREADS, MAX_OPS, RUN);
  }

  /** Runs the workload through a leader stop and restart, checks its history, keeps the report on failure. */
  private void runAndCheck(String name, List<KvClient> clients, Supplier<List<Operation>> workload,
      HistoryRecorder recorder, Function<List<Operation>, Verdict> checker) throws InterruptedException {
    List<Operation> history;
    String faults;
    CompletableFuture<List<Operation>> run = CompletableFuture.supplyAsync(workload, task -> {
      Thread thread = new Thread(task, name + "-workload");
      thread.setDaemon(true);
      thread.start();
    });
    try {
      faults = stopAndRestartLeader();
      history = run.get(RUN.plus(CLIENT_DEADLINE).plusSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception | AssertionError e) {
      run.cancel(true);
      Path dir = RobustnessReport.write(REPORT_PREFIX + name, recorder.history(), null, "the workload failed: " + e);
      throw new AssertionError(name + " workload failed (seed " + SEED + "); history in " + dir, unwrap(e));
    }
    String health = probe(name, clients);
    long start = System.nanoTime();
    Verdict verdict = checker.apply(history);
    long checkMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Map<Outcome, Long> outcomes = history.stream().collect(
        Collectors.groupingBy(Operation::outcome, () -> new EnumMap<>(Outcome.class), Collectors.counting()));
    String notes = String.format("%s: %d operations %s, seed %d; %s; checked in %d ms; after the run: %s", name,
        history.size(), outcomes, SEED, faults, checkMillis, health);
    LOG.info("{}{}{}", notes, System.lineSeparator(), verdict.describe());
    if (!verdict.isOk()) {
      Path dir = RobustnessReport.write(REPORT_PREFIX + name, history, verdict, notes);
      throw new AssertionError(notes + System.lineSeparator() + verdict.describe() + "history and verdict in " + dir);
    }
    assertThat(history).as("operations recorded").hasSizeGreaterThan(100);
  }

  /**
   * Asserts that each client writes again now that the cluster is whole: a client must outlive a
   * failover (see {@code io.cairnkv.server.ClientRecoveryIT}). Its operations during the fault may have
   * ended unknown, which every checker allows.
   */
  private static String probe(String name, List<KvClient> clients) {
    List<String> health = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      KvClient client = clients.get(i);
      String value = Integer.toString(i);
      org.awaitility.Awaitility.await("client " + i + " of the " + name + " workload writes after the cluster healed")
          .atMost(PROBE_TIME).ignoreExceptionsInstanceOf(KvException.class)
          .until(() -> client.put("lin/probe/" + name, value).revision() > 0);
      health.add("client " + i + " writes");
    }
    return String.join(", ", health);
  }

  /** Stops the leader a third into the run and restarts it at two thirds; returns what happened. */
  private String stopAndRestartLeader() throws InterruptedException {
    long start = System.nanoTime();
    sleepUntil(start, RUN.dividedBy(3));
    String leader = cluster.awaitLeader();
    long stoppedAt = System.nanoTime();
    cluster.stopNode(leader);
    String successor = cluster.awaitLeader();
    long electedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
    sleepUntil(start, RUN.multipliedBy(2).dividedBy(3));
    cluster.startNode(leader);
    return String.format("leader %s stopped at %d ms, %s elected %d ms later, %s restarted at %d ms", leader,
        TimeUnit.NANOSECONDS.toMillis(stoppedAt - start), successor, electedMillis, leader,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private static void sleepUntil(long startNanos, Duration offset) throws InterruptedException {
    long wait = startNanos + offset.toNanos() - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
  }
}
