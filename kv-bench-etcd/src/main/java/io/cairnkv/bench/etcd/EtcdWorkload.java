package io.cairnkv.bench.etcd;

import io.cairnkv.bench.load.OpType;
import io.cairnkv.bench.load.Workload;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Workload} on etcd v3 through jetcd. Linearizable gets are etcd's default range requests (ReadIndex);
 * serializable gets set {@code serializable=true} and are answered by whichever member jetcd's load balancer
 * picked. {@code txn} is one etcd transaction: if the key's version is above 0 put it, else get it.
 */
final class EtcdWorkload implements Workload {
  /** etcd's default {@code --max-txn-ops}. */
  static final int MAX_TXN_OPS = 128;
  /** Half of etcd's default {@code --max-request-bytes} (1.5 MiB), leaving room for framing. */
  static final int MAX_TXN_BYTES = 768 * 1024;
  /** Room for the protobuf framing of each put in a transaction. */
  private static final int PER_PUT_OVERHEAD_BYTES = 16;

  private final List<Client> clients;
  private final List<KV> kvs = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final long timeoutMs;
  private final GetOption serializable = GetOption.builder().withSerializable(true).build();

  /**
   * Connects {@code clientCount} jetcd clients to {@code endpoints} ({@code http://host:port,...}); jetcd
   * connects lazily, so an unreachable cluster shows up as failed requests.
   */
  EtcdWorkload(String endpoints, int clientCount, Duration requestTimeout) {
    String[] uris = Arrays.stream(endpoints.split(",")).map(String::strip)
        .map(e -> e.contains("://") ? e : "http://" + e).toArray(String[]::new);
    List<Client> built = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      Client client = Client.builder().endpoints(uris).connectTimeout(requestTimeout).build();
      built.add(client);
      kvs.add(client.getKVClient());
    }
    this.clients = List.copyOf(built);
    this.timeoutMs = requestTimeout.toMillis();
  }

  @Override
  public String system() {
    return "etcd";
  }

  private KV kv() {
    return kvs.get(Math.floorMod(next.getAndIncrement(), kvs.size()));
  }

  @Override
  public CompletableFuture<?> execute(OpType op, byte[] key, byte[] value) {
    ByteSequence k = ByteSequence.from(key);
    CompletableFuture<?> sent;
    switch (op) {
      case PUT:
        sent = kv().put(k, ByteSequence.from(value));
        break;
      case GET:
        sent = kv().get(k);
        break;
      case SGET:
        sent = kv().get(k, serializable);
        break;
      case TXN:
        sent = kv().txn()
            .If(new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0)))
            .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
            .Else(Op.get(k, GetOption.DEFAULT))
            .commit();
        break;
      default:
        throw new IllegalArgumentException("unsupported operation " + op);
    }
    // jetcd has no per-request deadline; the Workload contract needs every future to end.
    return sent.orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> load(List<byte[]> keys, byte[] value) {
    ByteSequence v = ByteSequence.from(value);
    Op[] puts = new Op[keys.size()];
    for (int i = 0; i < puts.length; i++) {
      puts[i] = Op.put(ByteSequence.from(keys.get(i)), v, PutOption.DEFAULT);
    }
    return kv().txn().Then(puts).commit().orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public int maxLoadBatch(int keyBytes, int valueBytes) {
    int bySize = MAX_TXN_BYTES / (keyBytes + valueBytes + PER_PUT_OVERHEAD_BYTES);
    return Math.max(1, Math.min(MAX_TXN_OPS, bySize));
  }

  @Override
  public void close() {
    clients.forEach(Client::close);
  }
}
