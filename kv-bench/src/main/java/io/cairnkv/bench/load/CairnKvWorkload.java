package io.cairnkv.bench.load;

import io.cairnkv.client.Compare;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.KvClient;
import io.cairnkv.client.TlsConfig;
import io.cairnkv.client.Op;
import io.cairnkv.client.ReadConsistency;
import io.cairnkv.client.Txn;
import io.cairnkv.client.internal.RequestLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Workload} on CairnKV's public client. With several clients, operations go to them in turn:
 * each client orders its own writes through one Raft client, so more clients mean more independent
 * request streams (see RATIS-NOTES "Measured on this machine").
 */
final class CairnKvWorkload implements Workload {
  /** Room left in a load request for the protobuf framing of each put. */
  private static final int PER_PUT_OVERHEAD_BYTES = 16;

  private final List<KvClient> clients;
  private final AtomicInteger next = new AtomicInteger();
  private final GetOptions linearizable = GetOptions.DEFAULT;
  private final GetOptions serializable = GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build();

  /** Wraps already built clients; they are closed with this workload. */
  CairnKvWorkload(List<KvClient> clients) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("at least one client is needed");
    }
    this.clients = List.copyOf(clients);
  }

  /** Connects {@code clientCount} clients to {@code endpoints}, over TLS when {@code tls} is not null. */
  static CairnKvWorkload connect(String endpoints, int clientCount, Duration requestTimeout, TlsConfig tls) {
    List<KvClient> clients = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      KvClient.Builder builder = KvClient.builder().endpoints(endpoints).requestTimeout(requestTimeout);
      if (tls != null) {
        builder.tls(tls);
      }
      clients.add(builder.build());
    }
    return new CairnKvWorkload(clients);
  }

  @Override
  public String system() {
    return "cairnkv";
  }

  private KvClient client() {
    return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
  }

  @Override
  public CompletableFuture<?> execute(OpType op, byte[] key, byte[] value) {
    KvClient client = client();
    switch (op) {
      case PUT:
        return client.putAsync(key, value, false);
      case GET:
        return client.getAsync(key, linearizable);
      case SGET:
        return client.getAsync(key, serializable);
      case TXN:
        return client.txnAsync(Txn.builder()
            .when(Compare.version(key, Compare.Operator.GREATER, 0))
            .then(Op.put(key, value))
            .otherwise(Op.get(key))
            .build());
      default:
        throw new IllegalArgumentException("unsupported operation " + op);
    }
  }

  @Override
  public CompletableFuture<?> load(List<byte[]> keys, byte[] value) {
    Op[] puts = new Op[keys.size()];
    for (int i = 0; i < puts.length; i++) {
      puts[i] = Op.put(keys.get(i), value);
    }
    return client().txnAsync(Txn.builder().then(puts).build());
  }

  @Override
  public int maxLoadBatch(int keyBytes, int valueBytes) {
    RequestLimits limits = RequestLimits.DEFAULTS;
    // Half the request limit leaves room for framing and for servers configured below the default.
    long bySize = (limits.maxRequestBytes() / 2L) / (keyBytes + valueBytes + PER_PUT_OVERHEAD_BYTES);
    return (int) Math.max(1, Math.min(limits.maxTxnOps(), bySize));
  }

  @Override
  public void close() {
    clients.forEach(KvClient::close);
  }
}
