package io.cairnkv.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Connects the load generator to one kind of system, found by {@link #system} name through
 * {@link ServiceLoader}. CairnKV's driver is built in; the etcd and RheaKV drivers live in their own modules
 * ({@code kv-bench-etcd}, {@code kv-bench-rheakv}) with their own class paths, so that their gRPC, protobuf and
 * Netty versions never meet CairnKV's. Implementations need a public no-argument constructor.
 */
public interface WorkloadDriver {
  /** The name selected by {@code --system}, e.g. {@code etcd}. */
  String system();

  /**
   * Opens a workload on the members listed in {@code spec.endpoints()}, with {@code spec.requestTimeout()}
   * as the deadline of each request and {@code spec.clients()} client instances where the system has a
   * notion of several.
   *
   * @throws IllegalArgumentException if the endpoints cannot be parsed
   */
  Workload connect(LoadSpec spec);

  /**
   * The driver for {@code system} on this class path.
   *
   * @throws IllegalArgumentException if none is, naming the ones that are
   */
  static WorkloadDriver forSystem(String system) {
    List<String> found = new ArrayList<>();
    for (WorkloadDriver driver : ServiceLoader.load(WorkloadDriver.class)) {
      if (driver.system().equals(system)) {
        return driver;
      }
      found.add(driver.system());
    }
    throw new IllegalArgumentException("--system " + system + " has no driver on this class path (found "
        + found + "; etcd and rheakv run through bin/kv-bench, which picks their module's class path)");
  }
}
