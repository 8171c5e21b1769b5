package io.cairnkv.robustness.workload;

import io.cairnkv.client.KvClient;
import io.cairnkv.robustness.checker.SetChecker;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Client threads append unique elements to a set, each a put of its own key under a prefix
 * ({@code <prefix>t<thread>.<n>}, value {@code t<thread>.<n>}), now and then reading the whole prefix;
 * after they stop, one final read. The history is for the {@link SetChecker}. Run once.
 */
public final class SetWorkload {
  /** One operation in this many is a read of the whole set. */
  private static final int READ_EVERY = 50;

  private final List<KvClient> clients;
  private final String prefix;
  private final WorkloadLimits limits;
  private final Duration clientDeadline;
  private final long seed;
  private final HistoryRecorder recorder = new HistoryRecorder();

  /**
   * @param clients clients to spread the threads over
   * @param prefix the set's prefix, which should be unused
   * @param clientDeadline the clients' request deadline, to bound the wait for the last operations
   * @param seed seed of the threads' random choices
   */
  public SetWorkload(List<KvClient> clients, String prefix, WorkloadLimits limits, Duration clientDeadline,
      long seed) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("need at least one client");
    }
    this.clients = List.copyOf(clients);
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clientDeadline = Objects.requireNonNull(clientDeadline, "clientDeadline");
    this.seed = seed;
  }

  /** The recorder, for a look at the history while the workload runs. */
  public HistoryRecorder recorder() {
    return recorder;
  }

  /**
   * Runs the client threads until their limits, then the final read (retried a few times if it fails),
   * and returns the history.
   *
   * @throws IllegalStateException if a thread failed unexpectedly or did not stop in time
   */
  public List<Operation> run() {
    long deadline = System.nanoTime() + limits.duration().toNanos();
    Workers.run("set-workload", limits.threads(), limits.duration().plus(clientDeadline).plusSeconds(30),
        thread -> appendUntilDone(thread, deadline));
    ReadAll.finalRead(recorder, clients, -1, prefix);
    return recorder.history();
  }

  private void appendUntilDone(int thread, long deadline) {
    KvClient client = clients.get(thread % clients.size());
    Random random = new Random(seed * 31 + thread);
    int process = thread;
    for (int i = 0; i < limits.opsPerThread() && System.nanoTime() < deadline; i++) {
      Operation op;
      if (random.nextInt(READ_EVERY) == 0) {
        op = ReadAll.range(recorder, client, process, prefix);
      } else {
        String element = "t" + thread + "." + i;
        HistoryRecorder.Pending pending = recorder.invoke(process, Kind.APPEND, prefix + element, List.of(element));
        try {
          client.put(prefix + element, element);
          op = pending.ok();
        } catch (RuntimeException e) {
          op = Outcomes.failed(pending, e);
        }
      }
      if (op.isUnknown()) {
        process += limits.threads();
      }
    }
  }
}
