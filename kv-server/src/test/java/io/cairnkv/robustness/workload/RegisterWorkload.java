package io.cairnkv.robustness.workload;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.cairnkv.client.Compare;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.Op;
import io.cairnkv.client.Txn;
import io.cairnkv.robustness.checker.RegisterChecker;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Client threads read, write and compare-and-set a handful of keys, each a register, recording every
 * operation for the {@link RegisterChecker}. Reads are linearizable gets; writes are puts of values unique
 * to the whole run ({@code t<thread>.<n>}), which keeps the check fast and its witnesses unambiguous; a
 * CAS is a {@link Txn} with a value compare that expects the last value the thread saw on the key.
 *
 * <p>A thread whose operation ends with an unknown outcome continues as a new process (its old process
 * may still have a request in flight). Run once; {@link #run} is not reentrant.
 */
public final class RegisterWorkload {
  private final List<KvClient> clients;
  private final List<String> keys;
  private final WorkloadLimits limits;
  private final long seed;
  private final Duration clientDeadline;
  private final HistoryRecorder recorder = new HistoryRecorder();

  /**
   * @param clients clients to spread the threads over, each thread using one
   * @param prefix prefix of the keys, which should be unused
   * @param keys number of keys
   * @param clientDeadline the clients' request deadline, to bound the wait for the last operations
   * @param seed seed of the threads' random choices
   */
  public RegisterWorkload(List<KvClient> clients, String prefix, int keys, WorkloadLimits limits,
      Duration clientDeadline, long seed) {
    if (clients.isEmpty() || keys < 1) {
      throw new IllegalArgumentException("need at least one client and one key");
    }
    this.clients = List.copyOf(clients);
    this.keys = IntStream.range(0, keys).mapToObj(i -> prefix + "k" + i).toList();
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clientDeadline = Objects.requireNonNull(clientDeadline, "clientDeadline");
    this.seed = seed;
  }

  /** The recorder, for a look at the history while the workload runs. */
  public HistoryRecorder recorder() {
    return recorder;
  }

  /**
   * Runs the client threads until their limits, and returns the history.
   *
   * @throws IllegalStateException if a thread failed unexpectedly or did not stop in time
   */
  public List<Operation> run() {
    long deadline = System.nanoTime() + limits.duration().toNanos();
    Workers.run("register-workload", limits.threads(), limits.duration().plus(clientDeadline).plusSeconds(30),
        thread -> new Worker(thread, deadline).run());
    return recorder.history();
  }

  /** One client thread. */
  private final class Worker {
    private final int thread;
    private final long deadline;
    private final KvClient client;
    private final Random random;
    private final Map<String, String> lastSeen = new HashMap<>();
    private int process;
    private int written;

    Worker(int thread, long deadline) {
      this.thread = thread;
      this.deadline = deadline;
      this.client = clients.get(thread % clients.size());
      this.random = new Random(seed * 31 + thread);
      this.process = thread;
    }

    void run() {
      for (int i = 0; i < limits.opsPerThread() && System.nanoTime() < deadline; i++) {
        String key = keys.get(random.nextInt(keys.size()));
        int dice = random.nextInt(10);
        Operation op;
        if (dice < 4 || (dice >= 7 && !lastSeen.containsKey(key))) {
          op = read(key);
        } else if (dice < 7) {
          op = write(key, nextValue());
        } else {
          op = cas(key, lastSeen.get(key), nextValue());
        }
        if (op.isUnknown()) {
          process += limits.threads();
        }
      }
    }

    private String nextValue() {
      return "t" + thread + "." + written++;
    }

    private Operation read(String key) {
      HistoryRecorder.Pending pending = recorder.invoke(process, Kind.READ, key, List.of());
      try {
        GetResult result = client.get(key);
        List<String> value = result.first().map(kv -> List.of(kv.valueUtf8())).orElse(List.of());
        value.forEach(v -> lastSeen.put(key, v));
        return pending.ok(value);
      } catch (RuntimeException e) {
        return Outcomes.failed(pending, e);
      }
    }

    private Operation write(String key, String value) {
      HistoryRecorder.Pending pending = recorder.invoke(process, Kind.WRITE, key, List.of(value));
      try {
        client.put(key, value);
        lastSeen.put(key, value);
        return pending.ok();
      } catch (RuntimeException e) {
        return Outcomes.failed(pending, e);
      }
    }

    private Operation cas(String key, String expected, String value) {
      byte[] k = key.getBytes(UTF_8);
      Txn txn = Txn.builder()
          .when(Compare.value(k, Compare.Operator.EQUAL, expected.getBytes(UTF_8)))
          .then(Op.put(k, value.getBytes(UTF_8)))
          .build();
      HistoryRecorder.Pending pending = recorder.invoke(process, Kind.CAS, key, List.of(expected, value));
      try {
        if (client.txn(txn).succeeded()) {
          lastSeen.put(key, value);
          return pending.ok();
        }
        lastSeen.remove(key);
        return pending.fail(null);
      } catch (RuntimeException e) {
        return Outcomes.failed(pending, e);
      }
    }
  }
}
