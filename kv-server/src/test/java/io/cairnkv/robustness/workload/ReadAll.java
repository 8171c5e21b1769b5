package io.cairnkv.robustness.workload;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.cairnkv.client.GetOptions;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.KvClient;
import io.cairnkv.robustness.history.HistoryRecorder;
import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Entry;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;

/** Recorded {@link Kind#READ_ALL} reads of a prefix, shared by the set and bank workloads. Stateless. */
final class ReadAll {
  /** Attempts of the final read; each failed attempt stays in the history (checkers ignore it). */
  static final int FINAL_READ_ATTEMPTS = 10;

  private ReadAll() {}

  /** One linearizable range read of every key under {@code prefix}; its input notes {@code "range"}. */
  static Operation range(HistoryRecorder recorder, KvClient client, int process, String prefix) {
    HistoryRecorder.Pending pending = recorder.invoke(process, Kind.READ_ALL, prefix, List.of("range"));
    try {
      GetResult result = client.get(prefix.getBytes(UTF_8), GetOptions.builder().prefix().build());
      return pending.ok(entries(result.kvs()));
    } catch (RuntimeException e) {
      return Outcomes.failed(pending, e);
    }
  }

  /**
   * Reads until one read succeeds, at most {@link #FINAL_READ_ATTEMPTS} times, going round the clients
   * (one of them may have been broken by the faults); returns the last attempt.
   */
  static Operation finalRead(HistoryRecorder recorder, List<KvClient> clients, int process, String prefix) {
    Operation last = null;
    for (int i = 0; i < FINAL_READ_ATTEMPTS && (last == null || last.outcome() != Outcome.OK); i++) {
      last = range(recorder, clients.get(i % clients.size()), process, prefix);
    }
    return last;
  }

  /** Key-values as {@code key=value} entries, in the order given. */
  static List<String> entries(List<KeyValue> kvs) {
    List<String> entries = new ArrayList<>(kvs.size());
    for (KeyValue kv : kvs) {
      entries.add(new Entry(kv.keyUtf8(), kv.valueUtf8()).toString());
    }
    return entries;
  }
}
