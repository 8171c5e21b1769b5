package io.cairnkv.server.config;

import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.client.internal.RequestLimits;
import io.cairnkv.client.internal.tls.PemFiles;
import io.cairnkv.client.internal.tls.TlsMaterial;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds a {@link KvServerConfig} from, in increasing precedence, a properties file, the environment and
 * flags. Unknown keys are errors (a typo must not be silently ignored), except {@code raft.*}.
 * Not thread-safe; use once.
 */
public final class ConfigLoader {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> sources = new HashMap<>();

  /** Reads {@code file} (Java properties format). */
  public ConfigLoader file(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    for (String key : properties.stringPropertyNames()) {
      set(key, properties.getProperty(key).trim(), "file " + file);
    }
    return this;
  }

  /** Takes the known keys from {@code environment} (names per {@link KvServerConfigKeys#envName}). */
  public ConfigLoader environment(Map<String, String> environment) {
    for (String key : KvServerConfigKeys.ALL) {
      String value = environment.get(KvServerConfigKeys.envName(key));
      if (value != null) {
        set(key, value.trim(), "environment " + KvServerConfigKeys.envName(key));
      }
    }
    return this;
  }

  /** Takes values given as flags. */
  public ConfigLoader flags(Map<String, String> flags) {
    flags.forEach((k, v) -> set(k, v, "flag --" + k));
    return this;
  }

  private void set(String key, String value, String source) {
    if (!KvServerConfigKeys.ALL.contains(key) && !key.startsWith(KvServerConfigKeys.RAFT_PREFIX)) {
      throw new ConfigException("unknown config key '" + key + "' (from " + source + "); known keys: "
          + String.join(", ", KvServerConfigKeys.ALL) + ", and raft.* for Apache Ratis");
    }
    values.put(key, value);
    sources.put(key, source);
  }

  /** Validates everything and returns the config; throws {@link ConfigException} naming the first bad key. */
  public KvServerConfig load() {
    String id = required(KvServerConfigKeys.ID);
    Path dataDir = Path.of(required(KvServerConfigKeys.DATA_DIR));
    List<Endpoint> peers = peers();
    Endpoint self = peers.stream().filter(p -> p.id().orElseThrow().equals(id)).findFirst()
        .orElseThrow(() -> bad(KvServerConfigKeys.ID, "is not among the peers; add " + id + "=host:port to "
            + KvServerConfigKeys.PEERS));
    String cluster = optional(KvServerConfigKeys.CLUSTER_NAME).orElse(KvServerConfigKeys.CLUSTER_NAME_DEFAULT);
    String bindHost = optional(KvServerConfigKeys.BIND_HOST).orElse(self.host());
    int port = (int) number(KvServerConfigKeys.PORT, self.port(), 1, 65535);
    long minMs = number(KvServerConfigKeys.ELECTION_TIMEOUT_MIN_MS,
        KvServerConfigKeys.ELECTION_TIMEOUT_MIN_MS_DEFAULT, 50, 60_000);
    long maxMs = number(KvServerConfigKeys.ELECTION_TIMEOUT_MAX_MS,
        Math.max(minMs * 2, KvServerConfigKeys.ELECTION_TIMEOUT_MAX_MS_DEFAULT), minMs + 1, 120_000);
    RequestLimits d = RequestLimits.DEFAULTS;
    RequestLimits limits = new RequestLimits(
        (int) number(KvServerConfigKeys.KEY_MAX_BYTES, d.maxKeyBytes(), 1, 1 << 20),
        (int) number(KvServerConfigKeys.VALUE_MAX_BYTES, d.maxValueBytes(), 1, 64 << 20),
        (int) number(KvServerConfigKeys.TXN_MAX_OPS, d.maxTxnOps(), 1, 1 << 20),
        (int) number(KvServerConfigKeys.REQUEST_MAX_BYTES, d.maxRequestBytes(), 1, 64 << 20));
    long snapshotEntries = number(KvServerConfigKeys.SNAPSHOT_AUTO_TRIGGER_ENTRIES,
        KvServerConfigKeys.SNAPSHOT_AUTO_TRIGGER_ENTRIES_DEFAULT, 0, Long.MAX_VALUE);
    int snapshotRetain = (int) number(KvServerConfigKeys.SNAPSHOT_RETAIN, KvServerConfigKeys.SNAPSHOT_RETAIN_DEFAULT,
        1, 1000);
    KvServerConfig.Admin admin = admin(bindHost, port);
    Map<String, String> raft = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(KvServerConfigKeys.RAFT_PREFIX)) {
        raft.put(k, v);
      }
    });
    return new KvServerConfig(id, dataDir, peers, cluster, bindHost, port, minMs, maxMs, limits, snapshotEntries,
        snapshotRetain, raft, admin, tls(), number(KvServerConfigKeys.AUTH_TOKEN_TTL_MS,
        KvServerConfigKeys.AUTH_TOKEN_TTL_MS_DEFAULT, 1000, 7L * 24 * 3600 * 1000),
        number(KvServerConfigKeys.STORAGE_KEY_CACHE_MB, KvServerConfigKeys.STORAGE_KEY_CACHE_MB_DEFAULT, 0,
            1L << 20) << 20);
  }

  private KvServerConfig.Tls tls() {
    Optional<String> cert = optional(KvServerConfigKeys.TLS_CERT_FILE);
    Optional<String> key = optional(KvServerConfigKeys.TLS_KEY_FILE);
    Optional<String> ca = optional(KvServerConfigKeys.TLS_TRUSTED_CA_FILE);
    boolean clientCertAuth = bool(KvServerConfigKeys.TLS_CLIENT_CERT_AUTH, false);
    boolean adminClientCertAuth = bool(KvServerConfigKeys.TLS_ADMIN_CLIENT_CERT_AUTH, clientCertAuth);
    long reload = number(KvServerConfigKeys.TLS_RELOAD_INTERVAL_MS, KvServerConfigKeys.TLS_RELOAD_INTERVAL_MS_DEFAULT,
        0, 86_400_000);
    if (cert.isEmpty() && key.isEmpty() && ca.isEmpty()) {
      if (clientCertAuth) {
        throw bad(KvServerConfigKeys.TLS_CLIENT_CERT_AUTH, "needs TLS: set " + KvServerConfigKeys.TLS_CERT_FILE + ", "
            + KvServerConfigKeys.TLS_KEY_FILE + " and " + KvServerConfigKeys.TLS_TRUSTED_CA_FILE);
      }
      return KvServerConfig.Tls.OFF;
    }
    // The member is also a TLS client of its peers, so it always needs all three files.
    for (String k : List.of(KvServerConfigKeys.TLS_CERT_FILE, KvServerConfigKeys.TLS_KEY_FILE,
        KvServerConfigKeys.TLS_TRUSTED_CA_FILE)) {
      if (optional(k).isEmpty()) {
        throw new ConfigException("config key '" + k + "' is required when TLS is on (" + KvServerConfigKeys.TLS_CERT_FILE
            + ", " + KvServerConfigKeys.TLS_KEY_FILE + " and " + KvServerConfigKeys.TLS_TRUSTED_CA_FILE
            + " go together)");
      }
    }
    KvServerConfig.Tls tls = new KvServerConfig.Tls(Path.of(cert.get()), Path.of(key.get()), Path.of(ca.get()),
        clientCertAuth, adminClientCertAuth, reload);
    try {
      PemFiles.certificates(tls.trustedCaFile());
    } catch (IllegalArgumentException e) {
      throw bad(KvServerConfigKeys.TLS_TRUSTED_CA_FILE, "is unusable: " + e.getMessage());
    }
    try {
      TlsMaterial.load(tls.trustedCaFile(), tls.certFile(), tls.keyFile(), Instant.now());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config keys '" + KvServerConfigKeys.TLS_CERT_FILE + "' = '" + cert.get() + "' and '"
          + KvServerConfigKeys.TLS_KEY_FILE + "' = '" + key.get() + "' are unusable: " + e.getMessage());
    }
    return tls;
  }

  private boolean bool(String key, boolean defaultValue) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key, "is not true or false");
    };
  }

  private KvServerConfig.Admin admin(String bindHost, int port) {
    int defaultPort = port + KvServerConfigKeys.ADMIN_PORT_OFFSET;
    if (defaultPort > 65535 && optional(KvServerConfigKeys.ADMIN_PORT).isEmpty()) {
      throw new ConfigException("config key '" + KvServerConfigKeys.ADMIN_PORT + "' is required when "
          + KvServerConfigKeys.PORT + " is above " + (65535 - KvServerConfigKeys.ADMIN_PORT_OFFSET)
          + " (its default is port + " + KvServerConfigKeys.ADMIN_PORT_OFFSET + "); set it, or -1 to disable");
    }
    int adminPort = (int) number(KvServerConfigKeys.ADMIN_PORT, defaultPort, -1, 65535);
    if (adminPort == port) {
      throw bad(KvServerConfigKeys.ADMIN_PORT, "is the Raft port; pick another (or -1 to disable)");
    }
    String adminHost = optional(KvServerConfigKeys.ADMIN_BIND_HOST).orElse(bindHost);
    long lag = number(KvServerConfigKeys.READY_MAX_APPLY_LAG, KvServerConfigKeys.READY_MAX_APPLY_LAG_DEFAULT, 0,
        Long.MAX_VALUE);
    return new KvServerConfig.Admin(adminHost, adminPort, lag);
  }

  private List<Endpoint> peers() {
    String raw = required(KvServerConfigKeys.PEERS);
    List<Endpoint> peers;
    try {
      peers = Endpoint.parseList(raw);
    } catch (IllegalArgumentException e) {
      throw bad(KvServerConfigKeys.PEERS, "is malformed: " + e.getMessage());
    }
    Map<String, Endpoint> seen = new HashMap<>();
    for (Endpoint p : peers) {
      String pid = p.id().orElseThrow(() -> bad(KvServerConfigKeys.PEERS,
          "entry " + p.address() + " has no id; write each peer as id=host:port"));
      if (seen.put(pid, p) != null) {
        throw bad(KvServerConfigKeys.PEERS, "lists member '" + pid + "' twice");
      }
    }
    return peers;
  }

  private String required(String key) {
    return optional(key).orElseThrow(() -> new ConfigException("config key '" + key + "' is required: pass --"
        + key + ", set " + KvServerConfigKeys.envName(key) + ", or put it in the config file"));
  }

  private Optional<String> optional(String key) {
    String v = values.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private long number(String key, long defaultValue, long min, long max) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw bad(key, "is not a whole number");
    }
    if (value < min || value > max) {
      throw bad(key, "is outside the allowed range " + min + ".." + max);
    }
    return value;
  }

  private ConfigException bad(String key, String problem) {
    return new ConfigException("config key '" + key + "' = '" + values.get(key) + "' (from "
        + sources.getOrDefault(key, "default") + ") " + problem);
  }
}
