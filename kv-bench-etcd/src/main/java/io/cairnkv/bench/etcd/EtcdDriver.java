package io.cairnkv.bench.etcd;

import io.cairnkv.bench.load.LoadSpec;
import io.cairnkv.bench.load.Workload;
import io.cairnkv.bench.load.WorkloadDriver;

/** {@code --system etcd}: endpoints as {@code [http://]host:port,...} (etcd's client URLs). */
public final class EtcdDriver implements WorkloadDriver {
  @Override
  public String system() {
    return "etcd";
  }

  @Override
  public Workload connect(LoadSpec spec) {
    return new EtcdWorkload(spec.endpoints(), spec.clients(), spec.requestTimeout());
  }
}
