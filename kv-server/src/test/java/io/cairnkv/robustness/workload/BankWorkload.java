package io.cairnkv.robustness.workload;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.cairnkv.client.Compare;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Op;
import io.cairnkv.client.OpResult;
import io.cairnkv.client.Txn;
import io.cairnkv.client.TxnResult;
import io.cairnkv.robustness.checker.BankChecker;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A bank: accounts are keys under a prefix holding balances. One transaction deposits the initial
 * balances (recorded as one {@link Kind#WRITE} per account); then client threads transfer random amounts
 * between random accounts, each transfer a {@link Txn} that compares both accounts' mod revisions with a
 * snapshot read just before and writes both new balances, and read every account, alternately in one
 * {@link Txn} of gets and as one range read. After they stop, one final read. The history is for the
 * {@link BankChecker}. Run once.
 */
public final class BankWorkload {
  /** One operation in this many is a read of every account. */
  private static final int READ_EVERY = 3;
  private static final int MAX_AMOUNT = 5;

  private final List<KvClient> clients;
  private final String prefix;
  private final List<String> accounts;
  private final long initialBalance;
  private final WorkloadLimits limits;
  private final Duration clientDeadline;
  private final long seed;
  private final HistoryRecorder recorder = new HistoryRecorder();

  /**
   * @param clients clients to spread the threads over
   * @param prefix the accounts' prefix, which should be unused
   * @param accounts number of accounts, at least 2
   * @param initialBalance each account's deposit
   * @param clientDeadline the clients' request deadline, to bound the wait for the last operations
   * @param seed seed of the threads' random choices
   */
  public BankWorkload(List<KvClient> clients, String prefix, int accounts, long initialBalance,
      WorkloadLimits limits, Duration clientDeadline, long seed) {
    if (clients.isEmpty() || accounts < 2) {
      throw new IllegalArgumentException("need at least one client and two accounts");
    }
    this.clients = List.copyOf(clients);
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.accounts = IntStream.range(0, accounts).mapToObj(i -> prefix + "a" + i).toList();
    this.initialBalance = initialBalance;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clientDeadline = Objects.requireNonNull(clientDeadline, "clientDeadline");
    this.seed = seed;
  }

  /** The recorder, for a look at the history while the workload runs. */
  public HistoryRecorder recorder() {
    return recorder;
  }

  /**
   * Deposits, runs the client threads until their limits, then the final read, and returns the history.
   *
   * @throws IllegalStateException if the deposit failed, or a thread failed unexpectedly or did not stop
   */
  public List<Operation> run() {
    deposit();
    long deadline = System.nanoTime() + limits.duration().toNanos();
    Workers.run("bank-workload", limits.threads(), limits.duration().plus(clientDeadline).plusSeconds(30),
        thread -> transferUntilDone(thread, deadline));
    ReadAll.finalRead(recorder, clients, -1, prefix);
    return recorder.history();
  }

  private void deposit() {
    Txn.Builder txn = Txn.builder();
    List<HistoryRecorder.Pending> pending = new ArrayList<>();
    String balance = Long.toString(initialBalance);
    for (String account : accounts) {
      txn.then(Op.put(account.getBytes(UTF_8), balance.getBytes(UTF_8)));
      pending.add(recorder.invoke(-1, Kind.WRITE, account, List.of(balance)));
    }
    try {
      clients.get(0).txn(txn.build());
    } catch (KvException e) {
      pending.forEach(p -> Outcomes.failed(p, e));
      throw new IllegalStateException("the initial deposit failed", e);
    }
    pending.forEach(HistoryRecorder.Pending::ok);
  }

  private void transferUntilDone(int thread, long deadline) {
    KvClient client = clients.get(thread % clients.size());
    Random random = new Random(seed * 31 + thread);
    int process = thread;
    for (int i = 0; i < limits.opsPerThread() && System.nanoTime() < deadline; i++) {
      Operation op;
      if (random.nextInt(READ_EVERY) == 0) {
        op = i % 2 == 0 ? readInTxn(client, process) : ReadAll.range(recorder, client, process, prefix);
      } else {
        int from = random.nextInt(accounts.size());
        int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
        op = transfer(client, process, accounts.get(from), accounts.get(to), 1 + random.nextInt(MAX_AMOUNT));
      }
      if (op != null && op.isUnknown()) {
        process += limits.threads();
      }
    }
  }

  /** Every account in one transaction of gets. */
  private Operation readInTxn(KvClient client, int process) {
    Txn.Builder txn = Txn.builder();
    accounts.forEach(a -> txn.then(Op.get(a.getBytes(UTF_8))));
    HistoryRecorder.Pending pending = recorder.invoke(process, Kind.READ_ALL, prefix, List.of("txn"));
    try {
      TxnResult result = client.txn(txn.build());
      List<KeyValue> kvs = new ArrayList<>();
      for (OpResult r : result.results()) {
        kvs.addAll(((GetResult) r).kvs());
      }
      return pending.ok(ReadAll.entries(kvs));
    } catch (RuntimeException e) {
      return Outcomes.failed(pending, e);
    }
  }

  /**
   * Reads both balances (not recorded: a snapshot for the compares), then moves {@code amount} if the
   * source holds enough. Returns the recorded transfer, or null if none was attempted.
   */
  private Operation transfer(KvClient client, int process, String from, String to, int amount) {
    byte[] fromKey = from.getBytes(UTF_8);
    byte[] toKey = to.getBytes(UTF_8);
    KeyValue source;
    KeyValue target;
    try {
      TxnResult snapshot = client.txn(Txn.builder().then(Op.get(fromKey), Op.get(toKey)).build());
      source = ((GetResult) snapshot.results().get(0)).first().orElseThrow();
      target = ((GetResult) snapshot.results().get(1)).first().orElseThrow();
    } catch (KvException e) {
      return null;
    }
    long fromBalance = Long.parseLong(source.valueUtf8());
    long toBalance = Long.parseLong(target.valueUtf8());
    if (fromBalance < amount) {
      return null;
    }
    Txn txn = Txn.builder()
        .when(Compare.modRevision(fromKey, Compare.Operator.EQUAL, source.modRevision()),
            Compare.modRevision(toKey, Compare.Operator.EQUAL, target.modRevision()))
        .then(Op.put(fromKey, Long.toString(fromBalance - amount).getBytes(UTF_8)),
            Op.put(toKey, Long.toString(toBalance + amount).getBytes(UTF_8)))
        .build();
    HistoryRecorder.Pending pending = recorder.invoke(process, Kind.TRANSFER, from,
        List.of(from, to, Integer.toString(amount)));
    try {
      return client.txn(txn).succeeded() ? pending.ok() : pending.fail(null);
    } catch (RuntimeException e) {
      return Outcomes.failed(pending, e);
    }
  }
}
