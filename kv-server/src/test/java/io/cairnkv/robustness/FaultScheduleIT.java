package io.cairnkv.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.robustness.checker.RegisterChecker;
import io.cairnkv.robustness.checker.SearchBudget;
import io.cairnkv.robustness.checker.SetChecker;
import io.cairnkv.robustness.checker.Verdict;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.nemesis.Nemesis;
import io.cairnkv.robustness.workload.RegisterWorkload;
import io.cairnkv.robustness.workload.SetWorkload;
import io.cairnkv.robustness.workload.WorkloadLimits;
import io.cairnkv.server.cluster.ProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers and a set on a 3-process cluster while a seeded nemesis kills (-9), pauses (SIGSTOP past
 * the election timeout) and restarts members, with a tiny snapshot threshold so snapshots are taken and
 * installed under faults. The histories must be linearizable / lose nothing.
 *
 * <p>{@code -Dcairnkv.robustness.seconds=N} sets the run length (default 40); {@code -Dcairnkv.robustness.seed=S}
 * replays a schedule (default: the clock; printed, and written into the report on failure). Reports go to
 * {@code target/robustness/FaultScheduleIT/} (history, verdict, fault log; server logs and data stay in
 * {@code target/test-data/FaultScheduleIT/}).
 */
@Timeout(value = 75, unit = TimeUnit.MINUTES)
class FaultScheduleIT {
  private static final Logger LOG = LoggerFactory.getLogger(FaultScheduleIT.class);
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("cairnkv.robustness.seconds", 40));
  private static final long SEED = Long.getLong("cairnkv.robustness.seed", System.currentTimeMillis());
  private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(5);
  private static final Map<String, String> SNAPSHOT_HEAVY = Map.of(
      "snapshot.auto-trigger-entries", "200",
      "raft.server.log.segment.size.max", "64KB");

  @Test
  void registersAndSetSurviveTheNemesis() throws Exception {
    LOG.info("FaultScheduleIT seed {} for {}", SEED, RUN);
    try (ProcessCluster cluster = ProcessCluster.start(TestDirs.fresh("FaultScheduleIT"), 3, SNAPSHOT_HEAVY)) {
      List<KvClient> clients = List.of(cluster.newClient(CLIENT_DEADLINE), cluster.newClient(CLIENT_DEADLINE));
      WorkloadLimits limits = new WorkloadLimits(3, 200_000, RUN);
      RegisterWorkload registers = new RegisterWorkload(clients, "fault/reg/", 3, limits, CLIENT_DEADLINE, SEED);
      SetWorkload set = new SetWorkload(clients, "fault/set/", new WorkloadLimits(2, 200_000, RUN), CLIENT_DEADLINE,
          SEED + 1);
      // The nemesis stops a little before the workloads, so their final reads run on a healed cluster.
      Nemesis nemesis = new Nemesis(cluster, cluster.newClient(Duration.ofSeconds(2)), SEED, RUN.minusSeconds(5));
      Thread nemesisThread = new Thread(nemesis, "nemesis");
      nemesisThread.start();
      CompletableFuture<List<Operation>> registerRun = CompletableFuture.supplyAsync(registers::run);
      CompletableFuture<List<Operation>> setRun = CompletableFuture.supplyAsync(set::run);
      List<Operation> registerHistory;
      List<Operation> setHistory;
      try {
        registerHistory = registerRun.get(RUN.toSeconds() + 120, TimeUnit.SECONDS);
        setHistory = setRun.get(RUN.toSeconds() + 120, TimeUnit.SECONDS);
      } finally {
        nemesis.stop();
        nemesisThread.join(TimeUnit.MINUTES.toMillis(2));
        nemesis.healAll();
      }
      String notes = "seed " + SEED + ", run " + RUN + System.lineSeparator() + "faults:" + System.lineSeparator()
          + String.join(System.lineSeparator(), nemesis.log());
      LOG.info("Faults injected:\n{}", String.join("\n", nemesis.log()));

      Verdict registerVerdict = new RegisterChecker(new SearchBudget(5_000_000, Duration.ofSeconds(60)),
          Duration.ofSeconds(30)).check(registerHistory);
      check("registers", registerHistory, registerVerdict, notes);
      Verdict setVerdict = new SetChecker().check(setHistory);
      check("set", setHistory, setVerdict, notes);
      assertThat(nemesis.log()).as("faults injected").isNotEmpty();
      assertThat(registerHistory.stream().filter(o -> o.outcome() == Operation.Outcome.OK).count())
          .as("operations that succeeded despite the faults").isGreaterThan(50);
    }
  }

  private static void check(String name, List<Operation> history, Verdict verdict, String notes) {
    if (verdict.status() != Verdict.Status.OK) {
      Path dir = RobustnessReport.write("FaultScheduleIT-" + name, history, verdict, notes);
      throw new AssertionError(name + ": " + verdict.describe() + System.lineSeparator() + notes
          + System.lineSeparator() + "history and verdict in " + dir);
    }
    LOG.info("{}: {} operations, verdict {}", name, history.size(), verdict.describe());
  }
}
