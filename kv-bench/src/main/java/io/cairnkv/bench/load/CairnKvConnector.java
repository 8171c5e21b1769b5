package io.cairnkv.bench.load;

import io.cairnkv.client.TlsConfig;
import io.cairnkv.ctl.TlsFlags;
import java.util.function.Function;

/**
 * Connects the load generator to CairnKV with kvctl's TLS flags. A class of its own so that only the CairnKV
 * path loads kv-client's types: the etcd and RheaKV class paths do not hold kv-client, and a kv-client type in
 * {@link LoadGenerator} itself would stop it from loading there.
 */
final class CairnKvConnector {
  private CairnKvConnector() {}

  /**
   * Resolves the TLS flags (falling back to their environment variables) and returns how to connect.
   *
   * @throws IllegalArgumentException naming the flag at fault
   */
  static Function<LoadSpec, Workload> withTlsFlags(String cacert, String cert, String key) {
    TlsConfig tls = TlsFlags.resolve(cacert, cert, key, System.getenv()).orElse(null);
    return spec -> CairnKvWorkload.connect(spec.endpoints(), spec.clients(), spec.requestTimeout(), tls);
  }
}
