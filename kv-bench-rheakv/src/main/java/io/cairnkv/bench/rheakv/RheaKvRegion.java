package io.cairnkv.bench.rheakv;

import com.alipay.sofa.jraft.rhea.options.PlacementDriverOptions;
import com.alipay.sofa.jraft.rhea.options.configured.MultiRegionRouteTableOptionsConfigured;
import com.alipay.sofa.jraft.rhea.options.configured.PlacementDriverOptionsConfigured;
import com.alipay.sofa.jraft.rhea.util.Constants;

/**
 * The one region of a benchmark cluster, as stores and clients must both describe it: without a placement
 * driver server (RheaKV's "fake PD") each side builds its route table from these options.
 */
final class RheaKvRegion {
  /**
   * The region's id: the one a store creates for itself when given no region list (SOFAJRaft group
   * {@code <cluster>--1}); its key range is unbounded on both ends.
   */
  static final long REGION_ID = Constants.DEFAULT_REGION_ID;

  private RheaKvRegion() {}

  /** Fake placement-driver options with the one region replicated on {@code servers} ({@code host:port,...}). */
  static PlacementDriverOptions placementDriver(String servers) {
    return PlacementDriverOptionsConfigured.newConfigured()
        .withFake(true)
        .withRegionRouteTableOptionsList(MultiRegionRouteTableOptionsConfigured.newConfigured()
            .withInitialServerList(REGION_ID, servers)
            .config())
        .config();
  }
}
