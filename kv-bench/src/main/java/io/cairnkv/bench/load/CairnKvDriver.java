package io.cairnkv.bench.load;

/** The {@link WorkloadDriver} of CairnKV itself, {@code --system cairnkv}. */
public final class CairnKvDriver implements WorkloadDriver {
  @Override
  public String system() {
    return "cairnkv";
  }

  @Override
  public Workload connect(LoadSpec spec) {
    return CairnKvWorkload.connect(spec.endpoints(), spec.clients(), spec.requestTimeout());
  }
}
