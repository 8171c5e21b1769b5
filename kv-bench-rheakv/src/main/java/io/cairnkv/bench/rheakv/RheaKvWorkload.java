package io.cairnkv.bench.rheakv;

import com.alipay.sofa.jraft.rhea.client.DefaultRheaKVStore;
import com.alipay.sofa.jraft.rhea.client.RheaKVStore;
import com.alipay.sofa.jraft.rhea.options.RheaKVStoreOptions;
import com.alipay.sofa.jraft.rhea.options.configured.RheaKVStoreOptionsConfigured;
import com.alipay.sofa.jraft.rhea.storage.KVEntry;
import io.cairnkv.bench.load.OpType;
import io.cairnkv.bench.load.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link Workload} on a RheaKV cluster started by {@link RheaKvStoreMain}, through RheaKV's own client with its
 * default options: concurrent puts and gets are merged into batched requests by the client (its
 * {@code BatchingOptions}), each operation keeping its own result. Linearizable gets use
 * {@code readOnlySafe=true} (ReadIndex); serializable gets {@code readOnlySafe=false} (the replica's local
 * state). RheaKV has no compare-on-version transaction, so {@code txn} fails.
 */
final class RheaKvWorkload implements Workload {
  /** RheaKV's batching caps a merged put at 100 entries; a load batch of the same size is one request. */
  static final int MAX_LOAD_BATCH = 100;

  private final RheaKVStore store;
  private final long timeoutMs;

  /** Connects a client-only RheaKV store to {@code servers} ({@code host:port,...}). */
  RheaKvWorkload(String servers, Duration requestTimeout) {
    this.timeoutMs = requestTimeout.toMillis();
    RheaKVStoreOptions options = RheaKVStoreOptionsConfigured.newConfigured()
        .withClusterName(RheaKvStoreMain.CLUSTER_NAME)
        .withInitialServerList(servers)
        .withPlacementDriverOptions(RheaKvRegion.placementDriver(servers))
        .withFutureTimeoutMillis(timeoutMs)
        .config();
    DefaultRheaKVStore client = new DefaultRheaKVStore();
    if (!client.init(options)) {
      throw new IllegalStateException("RheaKV client failed to start for " + servers);
    }
    this.store = client;
  }

  @Override
  public String system() {
    return "rheakv";
  }

  @Override
  public CompletableFuture<?> execute(OpType op, byte[] key, byte[] value) {
    CompletableFuture<?> sent;
    switch (op) {
      case PUT:
        sent = store.put(key, value);
        break;
      case GET:
        sent = store.get(key, true);
        break;
      case SGET:
        sent = store.get(key, false);
        break;
      default:
        return CompletableFuture.failedFuture(new UnsupportedOperationException("RheaKV has no " + op.shortName()
            + " (compare-on-version transaction)"));
    }
    return sent.orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> load(List<byte[]> keys, byte[] value) {
    List<KVEntry> entries = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      entries.add(new KVEntry(key, value));
    }
    return store.put(entries).orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public int maxLoadBatch(int keyBytes, int valueBytes) {
    return MAX_LOAD_BATCH;
  }

  @Override
  public void close() {
    store.shutdown();
  }
}
