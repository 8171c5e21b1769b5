package io.cairnkv.robustness;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.MemberHash;
import io.cairnkv.robustness.checker.BankChecker;
import io.cairnkv.robustness.checker.RegisterChecker;
import io.cairnkv.robustness.checker.SearchBudget;
import io.cairnkv.robustness.checker.SetChecker;
import io.cairnkv.robustness.checker.Verdict;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.nemesis.Nemesis;
import io.cairnkv.robustness.nemesis.Nemesis.Fault;
import io.cairnkv.robustness.workload.BankWorkload;
import io.cairnkv.robustness.workload.RegisterWorkload;
import io.cairnkv.robustness.workload.SetWorkload;
import io.cairnkv.robustness.workload.WorkloadLimits;
import io.cairnkv.server.cluster.ProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seeded fault schedule: a fresh 3-process cluster with a tiny snapshot threshold, the register, set
 * and bank workloads at once, and a {@link Nemesis} drawing from the given faults; then every history is
 * checked and every member of the final configuration must hold the same content. On failure the history,
 * the verdict (with a shrunk failing sub-history) and the fault log are written under
 * {@code target/robustness/FaultScheduleIT-<workload>/}; server logs and data dirs stay in
 * {@code target/test-data/FaultScheduleIT/}.
 */
final class FaultSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(FaultSchedule.class);
  private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(5);
  private static final String NAME = "FaultScheduleIT";
  private static final Map<String, String> SNAPSHOT_HEAVY = Map.of(
      "snapshot.auto-trigger-entries", "200",
      "raft.server.log.segment.size.max", "64KB");

  /** What one schedule did, for the soak summary. */
  record Result(long seed, Map<Fault, Integer> faults, Map<String, Map<Operation.Outcome, Long>> operations,
      List<String> finalMembers) {
    /** Operations of {@code workload} that succeeded. */
    long succeeded(String workload) {
      return operations.getOrDefault(workload, Map.of()).getOrDefault(Operation.Outcome.OK, 0L);
    }

    String describe() {
      return "seed " + seed + ": faults " + faults + "; operations " + operations + "; final members "
          + finalMembers;
    }
  }

  /** The cluster did not start (no leader in time): the schedule never ran, nothing was checked. */
  static final class ClusterDidNotStart extends Exception {
    private static final long serialVersionUID = 1L;

    ClusterDidNotStart(long seed, RuntimeException cause) {
      super("seed " + seed + ": the cluster did not start: " + cause.getMessage(), cause);
    }
  }

  private FaultSchedule() {}

  /**
   * Runs one schedule of {@code run} with {@code seed}, injecting {@code faults}.
   *
   * @throws AssertionError if a checker rejects a history, the members diverge, a workload or the nemesis
   *     fails; how much succeeded is in the result, for the caller to judge
   * @throws ClusterDidNotStart if no leader was elected at the start (server logs stay in test-data)
   */
  static Result run(long seed, Duration run, Set<Fault> faults, boolean partitionable) throws Exception {
    LOG.info("{} seed {} for {} with {}", NAME, seed, run, faults);
    ProcessCluster started;
    try {
      Path dir = TestDirs.fresh(NAME);
      started = partitionable ? ProcessCluster.startPartitionable(dir, 3, SNAPSHOT_HEAVY)
          : ProcessCluster.start(dir, 3, SNAPSHOT_HEAVY);
    } catch (RuntimeException e) {
      throw new ClusterDidNotStart(seed, e);
    }
    try (ProcessCluster cluster = started) {
      List<KvClient> clients = List.of(cluster.newClient(CLIENT_DEADLINE), cluster.newClient(CLIENT_DEADLINE));
      RegisterWorkload registers = new RegisterWorkload(clients, "fault/reg/", 3,
          new WorkloadLimits(3, 200_000, run), CLIENT_DEADLINE, seed);
      SetWorkload set = new SetWorkload(clients, "fault/set/", new WorkloadLimits(2, 200_000, run),
          CLIENT_DEADLINE, seed + 1);
      BankWorkload bank = new BankWorkload(clients, "fault/bank/", 4, 100, new WorkloadLimits(2, 200_000, run),
          CLIENT_DEADLINE, seed + 2);
      KvClient probe = cluster.newClient(Duration.ofSeconds(2));
      // The nemesis stops a little before the workloads, so their final reads run on a healed cluster.
      Nemesis nemesis = new Nemesis(cluster, probe, seed, run.minusSeconds(5), faults);
      Thread nemesisThread = new Thread(nemesis, "nemesis");
      nemesisThread.start();
      Map<String, List<Operation>> histories = new LinkedHashMap<>();
      try {
        Map<String, CompletableFuture<List<Operation>>> runs = new LinkedHashMap<>();
        runs.put("registers", CompletableFuture.supplyAsync(registers::run));
        runs.put("set", CompletableFuture.supplyAsync(set::run));
        runs.put("bank", CompletableFuture.supplyAsync(bank::run));
        Map<String, HistoryRecorder> recorders = Map.of("registers", registers.recorder(), "set", set.recorder(),
            "bank", bank.recorder());
        for (Map.Entry<String, CompletableFuture<List<Operation>>> e : runs.entrySet()) {
          histories.put(e.getKey(), finish(e.getKey(), e.getValue(), recorders.get(e.getKey()), run, seed,
              () -> notes(seed, run, nemesis)));
        }
      } finally {
        nemesis.stop();
        nemesisThread.join(TimeUnit.MINUTES.toMillis(2));
        nemesis.healAll();
      }
      String notes = notes(seed, run, nemesis);
      LOG.info("Faults injected:\n{}", String.join("\n", nemesis.log()));
      check("registers", histories.get("registers"), new RegisterChecker(
          new SearchBudget(5_000_000, Duration.ofSeconds(60)), Duration.ofSeconds(30))::check, notes);
      check("set", histories.get("set"), new SetChecker()::check, notes);
      check("bank", histories.get("bank"), new BankChecker()::check, notes);
      List<MemberHash> hashes = Convergence.awaitSameContent(cluster, probe, Duration.ofSeconds(60));
      LOG.info("Final members agree: {}", hashes);
      nemesis.failure().ifPresent(e -> {
        throw new AssertionError("the nemesis failed; seed " + seed + System.lineSeparator() + notes, e);
      });
      if (nemesis.log().isEmpty()) {
        throw new AssertionError("no fault was injected in " + run + "; seed " + seed);
      }
      Map<String, Map<Operation.Outcome, Long>> operations = new LinkedHashMap<>();
      histories.forEach((name, history) -> operations.put(name, history.stream().collect(Collectors.groupingBy(
          Operation::outcome, () -> new EnumMap<>(Operation.Outcome.class), Collectors.counting()))));
      return new Result(seed, nemesis.counts(), operations,
          hashes.stream().map(MemberHash::memberId).toList());
    }
  }

  /** The workload's history; if it failed, its partial history is kept and the failure rethrown. */
  private static List<Operation> finish(String name, CompletableFuture<List<Operation>> workload,
      HistoryRecorder recorder, Duration run, long seed, Supplier<String> notes) {
    try {
      return workload.get(run.toSeconds() + 120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Path dir = RobustnessReport.write(NAME + "-" + name, recorder.history(), null,
          notes.get() + System.lineSeparator() + "the workload failed: " + e);
      throw new AssertionError(name + " workload failed (seed " + seed + "); history in " + dir, e);
    }
  }

  private static String notes(long seed, Duration run, Nemesis nemesis) {
    List<String> lines = new ArrayList<>(List.of("seed " + seed + ", run " + run, "faults:"));
    lines.addAll(nemesis.log());
    return String.join(System.lineSeparator(), lines);
  }

  private static void check(String name, List<Operation> history, Function<List<Operation>, Verdict> checker,
      String notes) {
    Verdict verdict = checker.apply(history);
    if (verdict.status() != Verdict.Status.OK) {
      Path dir = RobustnessReport.write(NAME + "-" + name, history, verdict, notes);
      throw new AssertionError(name + ": " + verdict.describe() + System.lineSeparator() + notes
          + System.lineSeparator() + "history and verdict in " + dir + "; server logs and data in "
          + TestDirs.path(NAME));
    }
    LOG.info("{}: {} operations, verdict {}", name, history.size(), verdict.describe());
  }
}
