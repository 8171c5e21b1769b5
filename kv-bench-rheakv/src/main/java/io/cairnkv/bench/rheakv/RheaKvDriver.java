package io.cairnkv.bench.rheakv;

import io.cairnkv.bench.load.LoadSpec;
import io.cairnkv.bench.load.Workload;
import io.cairnkv.bench.load.WorkloadDriver;

/**
 * {@code --system rheakv}: endpoints are the stores' {@code host:port,...}. RheaKV's client multiplexes one
 * connection per store and batches on its own, so {@code --clients} is ignored.
 */
public final class RheaKvDriver implements WorkloadDriver {
  @Override
  public String system() {
    return "rheakv";
  }

  @Override
  public Workload connect(LoadSpec spec) {
    return new RheaKvWorkload(spec.endpoints(), spec.requestTimeout());
  }
}
