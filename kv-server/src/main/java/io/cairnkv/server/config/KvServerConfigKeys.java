package io.cairnkv.server.config;

import java.util.List;

/**
 * Names and defaults of the server's configuration keys. The same name is used in the config file,
 * as a flag ({@code --NAME}) and, upper-cased with {@code CAIRNKV_} in front and {@code -} and {@code .}
 * turned into {@code _}, as an environment variable. Keys starting with {@code raft.} pass through to
 * Apache Ratis unchanged.
 */
public final class KvServerConfigKeys {
  private KvServerConfigKeys() {}

  /** This member's id; must appear in {@link #PEERS}. Required. */
  public static final String ID = "id";
  /** Directory for the Raft log, snapshots and the store. Required. */
  public static final String DATA_DIR = "data-dir";
  /** Every voting member as {@code id=host:port,...}. Required. */
  public static final String PEERS = "peers";
  /** Cluster name; servers and clients of one cluster must agree. */
  public static final String CLUSTER_NAME = "cluster-name";
  public static final String CLUSTER_NAME_DEFAULT = "cairnkv";
  /** Address to listen on; default: the host of this member's entry in {@link #PEERS}. */
  public static final String BIND_HOST = "bind-host";
  /** Raft and client port; default: the port of this member's entry in {@link #PEERS}. */
  public static final String PORT = "port";
  /** Lower bound of the randomized election timeout, in ms. */
  public static final String ELECTION_TIMEOUT_MIN_MS = "election-timeout-min-ms";
  /**
   * Default 1000 ms: a follower waits at least this long without hearing from the leader before it
   * starts an election, so a GC or scheduling pause of a few hundred ms causes no election.
   */
  public static final long ELECTION_TIMEOUT_MIN_MS_DEFAULT = 1000;
  /** Upper bound of the randomized election timeout, in ms. */
  public static final String ELECTION_TIMEOUT_MAX_MS = "election-timeout-max-ms";
  public static final long ELECTION_TIMEOUT_MAX_MS_DEFAULT = 2000;
  /** Largest key in bytes. */
  public static final String KEY_MAX_BYTES = "limits.key-max-bytes";
  /** Largest value in bytes. */
  public static final String VALUE_MAX_BYTES = "limits.value-max-bytes";
  /** Most operations per transaction branch. */
  public static final String TXN_MAX_OPS = "limits.txn-max-ops";
  /** Largest encoded request in bytes. */
  public static final String REQUEST_MAX_BYTES = "limits.request-max-bytes";
  /** Take a snapshot after this many log entries since the last one; 0 disables automatic snapshots. */
  public static final String SNAPSHOT_AUTO_TRIGGER_ENTRIES = "snapshot.auto-trigger-entries";
  public static final long SNAPSHOT_AUTO_TRIGGER_ENTRIES_DEFAULT = 100_000;
  /** How many snapshots to keep; the Raft log is purged up to the newest. */
  public static final String SNAPSHOT_RETAIN = "snapshot.retain";
  public static final int SNAPSHOT_RETAIN_DEFAULT = 2;
  /**
   * Port of the admin HTTP endpoint ({@code /metrics}, {@code /health}, {@code /ready}, {@code /status});
   * default: {@link #PORT} + {@value #ADMIN_PORT_OFFSET}; {@code -1} disables it, {@code 0} picks a free port.
   */
  public static final String ADMIN_PORT = "admin-port";
  public static final int ADMIN_PORT_OFFSET = 1000;
  /** Value of {@link #ADMIN_PORT} that turns the admin endpoint off. */
  public static final int ADMIN_PORT_DISABLED = -1;
  /** Address the admin endpoint listens on; default: {@link #BIND_HOST}. */
  public static final String ADMIN_BIND_HOST = "admin-bind-host";
  /**
   * {@code /ready} answers 503 while the applied index trails the commit index by more than this many
   * entries (a member catching up should not receive traffic yet).
   */
  public static final String READY_MAX_APPLY_LAG = "ready.max-apply-lag";
  public static final long READY_MAX_APPLY_LAG_DEFAULT = 1000;
  /**
   * PEM certificate chain (leaf first) this member presents to clients and peers. Setting it, with
   * {@link #TLS_KEY_FILE} and {@link #TLS_TRUSTED_CA_FILE}, turns TLS on for Raft peer traffic, client
   * traffic and the admin HTTP endpoint.
   */
  public static final String TLS_CERT_FILE = "tls.cert-file";
  /** Unencrypted PKCS#8 PEM private key of {@link #TLS_CERT_FILE}. */
  public static final String TLS_KEY_FILE = "tls.key-file";
  /** PEM CA certificates that sign peers' (and, with {@link #TLS_CLIENT_CERT_AUTH}, clients') certificates. */
  public static final String TLS_TRUSTED_CA_FILE = "tls.trusted-ca-file";
  /**
   * Mutual TLS: every connection to the Raft/client port must present a certificate signed by a trusted CA.
   * Peers and clients share that port, so without it peers are not authenticated either.
   */
  public static final String TLS_CLIENT_CERT_AUTH = "tls.client-cert-auth";
  /** Whether the admin HTTP endpoint also requires client certificates; default: {@link #TLS_CLIENT_CERT_AUTH}. */
  public static final String TLS_ADMIN_CLIENT_CERT_AUTH = "tls.admin-client-cert-auth";
  /** How often the TLS files are checked for changes and reloaded, in ms; 0 turns reloading off. */
  public static final String TLS_RELOAD_INTERVAL_MS = "tls.reload-interval-ms";
  public static final long TLS_RELOAD_INTERVAL_MS_DEFAULT = 60_000;
  /**
   * Lifetime of the tokens a member issues (clients renew theirs before it ends). Tokens are checked
   * against the receiving member's clock: keep members' clocks well within this.
   */
  public static final String AUTH_TOKEN_TTL_MS = "auth.token-ttl-ms";
  public static final long AUTH_TOKEN_TTL_MS_DEFAULT = 600_000;
  /**
   * Heap, in MiB, for remembering the revisions of recently written keys, so that writing such a key again
   * skips reading its previous record from the store; 0 turns it off. About 130 bytes plus the key per key.
   */
  public static final String STORAGE_KEY_CACHE_MB = "storage.key-cache-mb";
  public static final long STORAGE_KEY_CACHE_MB_DEFAULT = 64;
  /** Prefix of keys handed to Ratis as they are. */
  public static final String RAFT_PREFIX = "raft.";

  /** Every key this release knows, besides the {@code raft.*} pass-through. */
  public static final List<String> ALL = List.of(ID, DATA_DIR, PEERS, CLUSTER_NAME, BIND_HOST, PORT,
      ELECTION_TIMEOUT_MIN_MS, ELECTION_TIMEOUT_MAX_MS, KEY_MAX_BYTES, VALUE_MAX_BYTES, TXN_MAX_OPS, REQUEST_MAX_BYTES,
      SNAPSHOT_AUTO_TRIGGER_ENTRIES, SNAPSHOT_RETAIN, ADMIN_PORT, ADMIN_BIND_HOST, READY_MAX_APPLY_LAG,
      TLS_CERT_FILE, TLS_KEY_FILE, TLS_TRUSTED_CA_FILE, TLS_CLIENT_CERT_AUTH, TLS_ADMIN_CLIENT_CERT_AUTH,
      TLS_RELOAD_INTERVAL_MS, AUTH_TOKEN_TTL_MS, STORAGE_KEY_CACHE_MB);

  /** The environment variable that sets {@code key}. */
  public static String envName(String key) {
    return "CAIRNKV_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
