package io.cairnkv.bench.load;

import io.cairnkv.ctl.TlsFlags;

/**
 * The {@link WorkloadDriver} of CairnKV itself, {@code --system cairnkv}. Talks TLS when the environment
 * names the files as for kvctl ({@code KV_CACERT}, {@code KV_CERT}, {@code KV_KEY}); the load generator's
 * {@code --cacert/--cert/--key} flags take precedence over them.
 */
public final class CairnKvDriver implements WorkloadDriver {
  /** The {@code --system} name of CairnKV. */
  public static final String SYSTEM = "cairnkv";

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public Workload connect(LoadSpec spec) {
    return CairnKvWorkload.connect(spec.endpoints(), spec.clients(), spec.requestTimeout(),
        TlsFlags.resolve(null, null, null, System.getenv()).orElse(null));
  }
}
