package io.cairnkv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The load generator on the RheaKV class path, which holds kv-bench but not kv-client: {@code bin/kv-bench
 * --system rheakv} must get as far as parsing its flags. A kv-client type in LoadGenerator's own code once made
 * the class fail to load here (NoClassDefFoundError: io/cairnkv/client/TlsConfig).
 */
class LoadGeneratorClassPathTest {
  @Test
  void kvClientIsNotOnThisClassPath() {
    assertThatThrownBy(() -> Class.forName("io.cairnkv.client.TlsConfig")).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theLoadGeneratorLoadsAndParsesARheaKvCommandLine() {
    var parsed = LoadGenerator.commandLine().parseArgs("--system", "rheakv", "--endpoints", "127.0.0.1:1",
        "--duration", "1s");
    assertThat(parsed.hasMatchedOption("--system")).isTrue();
  }
}
