package io.cairnkv.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRevisionCacheTest {
  private static KeyRevisionCache.Key key(String k) {
    return new KeyRevisionCache.Key(k.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<KeyRevisions> revisions(long version) {
    return Optional.of(new KeyRevisions(1, version, version));
  }

  @Test
  void answersByKeyContentAndTellsAbsentFromUnknown() {
    KeyRevisionCache cache = new KeyRevisionCache(1 << 20);
    cache.put(key("a"), revisions(3));
    cache.put(key("deleted"), Optional.empty());
    assertThat(cache.get(key("a"))).isEqualTo(revisions(3));
    assertThat(cache.get(key("deleted"))).isEmpty();
    assertThat(cache.get(key("unknown"))).isNull();
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void staysWithinItsBudgetDroppingTheLeastRecentlyUsed() {
    long perEntry = KeyRevisionCache.ENTRY_OVERHEAD_BYTES + 2;
    KeyRevisionCache cache = new KeyRevisionCache(3 * perEntry);
    cache.put(key("k1"), revisions(1));
    cache.put(key("k2"), revisions(1));
    cache.put(key("k3"), revisions(1));
    assertThat(cache.get(key("k1"))).isNotNull(); // k1 used: k2 is now the least recently used
    cache.put(key("k4"), revisions(1));
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.bytes()).isEqualTo(3 * perEntry);
    assertThat(cache.get(key("k2"))).isNull();
    assertThat(cache.get(key("k1"))).isNotNull();
    assertThat(cache.get(key("k4"))).isNotNull();
  }

  @Test
  void replacingAnEntryKeepsItsCost() {
    KeyRevisionCache cache = new KeyRevisionCache(1 << 20);
    cache.put(key("a"), revisions(1));
    long bytes = cache.bytes();
    cache.put(key("a"), revisions(2));
    assertThat(cache.bytes()).isEqualTo(bytes);
    assertThat(cache.get(key("a"))).isEqualTo(revisions(2));
  }

  @Test
  void aZeroBudgetKeepsNothing() {
    KeyRevisionCache cache = new KeyRevisionCache(0);
    cache.put(key("a"), revisions(1));
    assertThat(cache.size()).isZero();
    assertThat(cache.get(key("a"))).isNull();
  }
}
