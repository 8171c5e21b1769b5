package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KvClusterSmokeIT {
  @Test
  void putThenGet() {
    try (InProcessCluster cluster = InProcessCluster.start(TestDirs.fresh("smoke"), 3)) {
      KvClient client = cluster.newClient();
      long rev = client.put("a", "1").revision();
      assertThat(rev).isEqualTo(1);
      assertThat(client.get("a").first().orElseThrow().valueUtf8()).isEqualTo("1");
    }
  }
}
