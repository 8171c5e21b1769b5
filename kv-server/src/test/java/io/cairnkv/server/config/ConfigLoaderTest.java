package io.cairnkv.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.client.internal.RequestLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ConfigLoaderTest {
  private static final String PEERS = "n1=host1:7001,n2=host2:7002,n3=[::1]:7003";

  @TempDir
  Path dir;

  /** The keys every valid config needs, as flags; tests add to or remove from it. */
  private static Map<String, String> minimal(String id) {
    Map<String, String> flags = new HashMap<>();
    flags.put("id", id);
    flags.put("data-dir", "/var/lib/cairnkv");
    flags.put("peers", PEERS);
    return flags;
  }

  /** {@link #minimal} for member n1 with one key set. */
  private static Map<String, String> n1With(String key, String value) {
    Map<String, String> flags = minimal("n1");
    flags.put(key, value);
    return flags;
  }

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("server.properties"), java.util.List.of(lines));
  }

  private static KvServerConfig load(Map<String, String> flags) {
    return new ConfigLoader().flags(flags).load();
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(Map<String, String> flags) {
    return assertThatThrownBy(() -> load(flags)).isInstanceOf(ConfigException.class);
  }

  @Test
  void defaultsComeFromTheOwnPeerEntry() {
    KvServerConfig config = load(minimal("n2"));
    assertThat(config.id()).isEqualTo("n2");
    assertThat(config.bindHost()).isEqualTo("host2");
    assertThat(config.port()).isEqualTo(7002);
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/cairnkv"));
    assertThat(config.peers()).extracting(Endpoint::address).containsExactly("host1:7001", "host2:7002", "[::1]:7003");
    assertThat(config.clusterName()).isEqualTo("cairnkv");
    assertThat(config.electionTimeoutMinMs()).isEqualTo(1000);
    assertThat(config.electionTimeoutMaxMs()).isEqualTo(2000);
    assertThat(config.limits()).isEqualTo(RequestLimits.DEFAULTS);
    assertThat(config.raftOverrides()).isEmpty();
  }

  @Test
  void ipv6PeerEntryGivesABracketedBindHost() {
    KvServerConfig config = load(minimal("n3"));
    assertThat(config.bindHost()).isEqualTo("[::1]");
    assertThat(config.port()).isEqualTo(7003);
  }

  @Test
  void fileIsOverriddenByEnvironmentWhichIsOverriddenByFlags() throws IOException {
    Path file = file("id=n1", "data-dir=/data", "peers=" + PEERS, "cluster-name=from-file", "bind-host=file-host",
        "port=8001", "election-timeout-min-ms=300");
    Map<String, String> env = Map.of("CAIRNKV_CLUSTER_NAME", "from-env", "CAIRNKV_BIND_HOST", "env-host",
        "CAIRNKV_PORT", " 8002 ");
    KvServerConfig config = new ConfigLoader().file(file).environment(env).flags(Map.of("port", "8003")).load();
    assertThat(config.electionTimeoutMinMs()).as("file only").isEqualTo(300);
    assertThat(config.clusterName()).as("file < env").isEqualTo("from-env");
    assertThat(config.bindHost()).as("file < env").isEqualTo("env-host");
    assertThat(config.port()).as("file < env < flag").isEqualTo(8003);
  }

  @Test
  void environmentNamesAreUpperCasedWithUnderscores() {
    assertThat(KvServerConfigKeys.envName("data-dir")).isEqualTo("CAIRNKV_DATA_DIR");
    assertThat(KvServerConfigKeys.envName("limits.key-max-bytes")).isEqualTo("CAIRNKV_LIMITS_KEY_MAX_BYTES");
    KvServerConfig config = new ConfigLoader().environment(Map.of("CAIRNKV_ID", "n1", "CAIRNKV_DATA_DIR", "/d",
        "CAIRNKV_PEERS", PEERS, "CAIRNKV_LIMITS_KEY_MAX_BYTES", "100", "CAIRNKV_UNRELATED", "x", "PATH", "/bin"))
        .load();
    assertThat(config.limits().maxKeyBytes()).isEqualTo(100);
  }

  @Test
  void missingRequiredKeyNamesItsFlagAndEnvironmentVariable() {
    Map<String, String> flags = minimal("n1");
    flags.remove("data-dir");
    assertFails(flags).hasMessageContaining("'data-dir' is required").hasMessageContaining("--data-dir")
        .hasMessageContaining("CAIRNKV_DATA_DIR");
    assertThatThrownBy(() -> new ConfigLoader().load()).hasMessageContaining("'id'").hasMessageContaining("CAIRNKV_ID");
  }

  @Test
  void emptyValueCountsAsMissing() {
    assertFails(n1With("peers", "")).hasMessageContaining("'peers' is required").hasMessageContaining("CAIRNKV_PEERS");
  }

  @Test
  void unknownKeyIsRejectedNamingItAndItsSource() throws IOException {
    Path file = file("id=n1", "data-dirr=/data");
    assertThatThrownBy(() -> new ConfigLoader().file(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown config key 'data-dirr'").hasMessageContaining("file " + file);
    assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("prot", "1"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'prot'").hasMessageContaining("flag --prot");
  }

  @Test
  void unreadableFileIsReported() {
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> new ConfigLoader().file(missing)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read config file " + missing);
  }

  @Test
  void idMustBeAmongThePeers() {
    assertFails(minimal("n9")).hasMessageContaining("'id' = 'n9'").hasMessageContaining("flag --id")
        .hasMessageContaining("not among the peers");
  }

  @Test
  void duplicatePeerIsRejected() {
    assertFails(n1With("peers", "n1=a:1,n2=b:2,n1=c:3"))
        .hasMessageContaining("'peers'").hasMessageContaining("lists member 'n1' twice");
  }

  @Test
  void peerWithoutIdIsRejected() {
    assertFails(n1With("peers", "n1=a:1,b:2")).hasMessageContaining("'peers'").hasMessageContaining("b:2 has no id");
  }

  @Test
  void malformedPeerIsRejectedNamingTheEntry() {
    assertFails(n1With("peers", "n1=a:1,n2=b:notaport"))
        .hasMessageContaining("'peers'").hasMessageContaining("'n2=b:notaport'");
  }

  @Test
  void nonNumericPortNamesTheKeyValueAndSource() {
    assertFails(n1With("port", "70o1"))
        .hasMessageContaining("'port' = '70o1'").hasMessageContaining("(from flag --port)")
        .hasMessageContaining("not a whole number");
    Map<String, String> env = Map.of("CAIRNKV_PORT", "x");
    assertThatThrownBy(() -> new ConfigLoader().environment(env).flags(minimal("n1")).load())
        .hasMessageContaining("(from environment CAIRNKV_PORT)");
  }

  @Test
  void numberOutsideItsRangeIsRejected() {
    assertFails(n1With("port", "70000")).hasMessageContaining("'port'").hasMessageContaining("range 1..65535");
  }

  @Test
  void electionTimeoutMaxMustExceedMinAndDefaultsToTwiceIt() {
    Map<String, String> flags = minimal("n1");
    flags.put("election-timeout-min-ms", "1500");
    assertThat(load(flags).electionTimeoutMaxMs()).isEqualTo(3000);
    flags.put("election-timeout-max-ms", "1500");
    assertFails(flags).hasMessageContaining("'election-timeout-max-ms'").hasMessageContaining("range 1501..");
  }

  @Test
  void limitsAreConfigurable() {
    Map<String, String> flags = minimal("n1");
    flags.put("limits.key-max-bytes", "100");
    flags.put("limits.value-max-bytes", "200");
    flags.put("limits.txn-max-ops", "3");
    flags.put("limits.request-max-bytes", "400");
    assertThat(load(flags).limits()).isEqualTo(new RequestLimits(100, 200, 3, 400));
  }

  @Test
  void raftKeysPassThroughFromFileAndFlags() throws IOException {
    Path file = file("id=n1", "data-dir=/d", "peers=" + PEERS, "raft.server.log.segment.size.max=8MB",
        "raft.server.snapshot.auto.trigger.enabled=true");
    KvServerConfig config = new ConfigLoader().file(file)
        .flags(Map.of("raft.server.snapshot.auto.trigger.enabled", "false", "raft.grpc.flow.control.window", "4MB"))
        .load();
    assertThat(config.raftOverrides()).isEqualTo(Map.of("raft.server.log.segment.size.max", "8MB",
        "raft.server.snapshot.auto.trigger.enabled", "false", "raft.grpc.flow.control.window", "4MB"));
  }

  @Test
  void adminEndpointDefaultsToRaftPortPlus1000OnTheBindHost() {
    KvServerConfig config = load(minimal("n2"));
    assertThat(config.admin()).isEqualTo(new KvServerConfig.Admin("host2", 8002, 1000));
    assertThat(config.admin().enabled()).isTrue();
    assertThat(load(n1With("bind-host", "0.0.0.0")).admin().bindHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void adminEndpointSettingsComeFromEnvironmentAndFlags() {
    Map<String, String> env = Map.of("CAIRNKV_ADMIN_PORT", "9100", "CAIRNKV_ADMIN_BIND_HOST", "127.0.0.1",
        "CAIRNKV_READY_MAX_APPLY_LAG", "50");
    KvServerConfig config = new ConfigLoader().environment(env).flags(minimal("n1")).load();
    assertThat(config.admin()).isEqualTo(new KvServerConfig.Admin("127.0.0.1", 9100, 50));
    assertThat(load(n1With("admin-port", "-1")).admin().enabled()).isFalse();
    assertThat(load(n1With("admin-port", "0")).admin().port()).isZero();
    assertThat(config.describe()).contains("admin-port = 9100").contains("ready.max-apply-lag = 50");
  }

  @Test
  void badAdminSettingsFailNamingTheKey() {
    assertFails(n1With("admin-port", "-2")).hasMessageContaining("'admin-port'");
    assertFails(n1With("admin-port", "7001")).hasMessageContaining("'admin-port'").hasMessageContaining("Raft port");
    assertFails(n1With("ready.max-apply-lag", "-1")).hasMessageContaining("'ready.max-apply-lag'");
    Map<String, String> highPort = minimal("n1");
    highPort.put("peers", "n1=host1:65000");
    assertFails(highPort).hasMessageContaining("'admin-port' is required");
    highPort.put("admin-port", "-1");
    assertThat(load(highPort).admin().enabled()).isFalse();
  }
}
