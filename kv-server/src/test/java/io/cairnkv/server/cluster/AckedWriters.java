package io.cairnkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;

/**
 * Writer threads that put unique keys until stopped and remember every acknowledged write, so that a
 * fault test can check afterwards that none was lost. A write that fails has an unknown outcome and is
 * not remembered. Each loop is bounded in count; {@link #close()} stops and joins the threads.
 */
public final class AckedWriters implements AutoCloseable {
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService pool;
  private final List<Future<?>> writers = new ArrayList<>();

  /** Starts {@code threads} writers on {@code client}, keys under {@code prefix}. */
  public AckedWriters(KvClient client, String prefix, int threads) {
    pool = Executors.newFixedThreadPool(threads);
    for (int w = 0; w < threads; w++) {
      int writer = w;
      writers.add(pool.submit(() -> {
        for (int i = 0; !stop.get() && i < 1_000_000; i++) {
          String key = prefix + writer + "/" + i;
          try {
            client.put(key, "v" + i);
            acked.put(key, "v" + i);
          } catch (KvException e) {
            // outcome unknown: not counted
          }
        }
        return null;
      }));
    }
  }

  /** Waits (bounded) until {@code more} further writes are acknowledged: writes are making progress. */
  public void awaitMore(int more) {
    int target = acked.size() + more;
    Awaitility.await("writes continue").atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= target);
  }

  /** Stops the writers and waits for them; rethrows a writer's unexpected failure. */
  @Override
  public void close() throws Exception {
    stop.set(true);
    try {
      for (Future<?> f : writers) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Asserts that every acknowledged write reads back with its value through {@code reader}. */
  public void assertAllReadable(KvClient reader, String situation) {
    for (Map.Entry<String, String> e : acked.entrySet()) {
      assertThat(reader.get(e.getKey()).first()).as("acknowledged %s %s", e.getKey(), situation)
          .get().extracting(kv -> kv.valueUtf8()).isEqualTo(e.getValue());
    }
  }
}
