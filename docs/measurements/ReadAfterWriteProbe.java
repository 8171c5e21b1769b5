import io.cairnkv.client.KvClient;
import java.util.Arrays;

/**
 * One client, one request at a time: a put, then a linearizable get, N times; prints the latency of each kind
 * (p50, p90, p99, max, and how many took over 100 ms). Shows the wait of a read right after a write on an
 * otherwise idle cluster (docs/performance.md, "Results").
 *
 * <pre>
 * java -cp "kv-server/target/kv-server.jar:kv-server/target/lib/*" docs/measurements/ReadAfterWriteProbe.java \
 *   n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003 300
 * </pre>
 */
public class ReadAfterWriteProbe {
  public static void main(String[] args) {
    try (KvClient c = KvClient.builder().endpoints(args[0]).build()) {
      int n = Integer.parseInt(args[1]);
      long[] put = new long[n], get = new long[n];
      for (int i = 0; i < 50; i++) { c.put("w" + i, "v"); c.get("w" + i); }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        c.put("k" + (i % 100), "v" + i);
        long t1 = System.nanoTime();
        c.get("k" + ((i * 7) % 100));
        long t2 = System.nanoTime();
        put[i] = t1 - t0; get[i] = t2 - t1;
      }
      report("put", put); report("get", get);
    }
  }
  static void report(String name, long[] v) {
    long[] s = v.clone(); Arrays.sort(s);
    int slow = 0; for (long x : v) if (x > 100_000_000L) slow++;
    System.out.printf("%s p50 %.2f ms p90 %.2f p99 %.2f max %.2f; over 100 ms: %d of %d%n", name, s[s.length/2]/1e6,
        s[(int)(s.length*0.9)]/1e6, s[(int)(s.length*0.99)]/1e6, s[s.length-1]/1e6, slow, v.length);
  }
}
