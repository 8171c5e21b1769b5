package io.cairnkv.server.config;

import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.client.internal.RequestLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The validated, immutable configuration of one server. Build it with {@link ConfigLoader}.
 *
 * @param id this member's id
 * @param dataDir root of everything the server stores
 * @param peers every voting member, with ids
 * @param clusterName the cluster's name (derives the Raft group id)
 * @param bindHost listen address
 * @param port Raft and client port
 * @param electionTimeoutMinMs lower bound of the election timeout
 * @param electionTimeoutMaxMs upper bound of the election timeout
 * @param limits request limits enforced before commands enter the log
 * @param snapshotAutoTriggerEntries log entries between automatic snapshots (0: off)
 * @param snapshotRetain snapshots kept on disk
 * @param raftOverrides {@code raft.*} keys passed to Ratis unchanged
 * @param admin the admin HTTP endpoint
 * @param tls transport security; {@link Tls#OFF} for plaintext
 * @param authTokenTtlMs lifetime of the tokens this member issues, in ms
 * @param keyCacheBytes heap budget of the store's cache of recently written keys' revisions (0: off)
 */
public record KvServerConfig(String id, Path dataDir, List<Endpoint> peers, String clusterName, String bindHost,
    int port, long electionTimeoutMinMs, long electionTimeoutMaxMs, RequestLimits limits,
    long snapshotAutoTriggerEntries, int snapshotRetain, Map<String, String> raftOverrides, Admin admin,
    Tls tls, long authTokenTtlMs, long keyCacheBytes) {

  public KvServerConfig {
    peers = List.copyOf(peers);
    raftOverrides = Map.copyOf(raftOverrides);
  }

  /**
   * Settings of the admin HTTP endpoint.
   *
   * @param bindHost listen address
   * @param port listen port; {@link KvServerConfigKeys#ADMIN_PORT_DISABLED} when off, 0 for any free port
   * @param readyMaxApplyLag most entries the applied index may trail the commit index while ready
   */
  public record Admin(String bindHost, int port, long readyMaxApplyLag) {
    /** Whether the endpoint runs at all. */
    public boolean enabled() {
      return port != KvServerConfigKeys.ADMIN_PORT_DISABLED;
    }
  }

  /**
   * TLS settings; the files were checked when the config was loaded.
   *
   * @param certFile own certificate chain, null when TLS is off
   * @param keyFile its private key
   * @param trustedCaFile CAs trusted for peers and clients
   * @param clientCertAuth whether the Raft/client port requires client certificates (mutual TLS)
   * @param adminClientCertAuth whether the admin HTTP endpoint requires client certificates
   * @param reloadIntervalMs how often changed files are reloaded; 0: never
   */
  public record Tls(Path certFile, Path keyFile, Path trustedCaFile, boolean clientCertAuth,
      boolean adminClientCertAuth, long reloadIntervalMs) {
    /** Plaintext everywhere. */
    public static final Tls OFF = new Tls(null, null, null, false, false, 0);

    /** Whether TLS is on. */
    public boolean enabled() {
      return certFile != null;
    }
  }

  /** Directory of the Raft log and snapshots. */
  public Path raftDir() {
    return dataDir.resolve("raft");
  }

  /** Directory of the live store. */
  public Path storeDir() {
    return dataDir.resolve("store");
  }

  /** One line per setting, for the startup log. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("  ").append(KvServerConfigKeys.ID).append(" = ").append(id).append('\n');
    out.append("  ").append(KvServerConfigKeys.DATA_DIR).append(" = ").append(dataDir.toAbsolutePath()).append('\n');
    out.append("  ").append(KvServerConfigKeys.PEERS).append(" = ");
    for (int i = 0; i < peers.size(); i++) {
      Endpoint p = peers.get(i);
      out.append(i == 0 ? "" : ",").append(p.id().orElseThrow()).append('=').append(p.address());
    }
    out.append('\n');
    out.append("  ").append(KvServerConfigKeys.CLUSTER_NAME).append(" = ").append(clusterName).append('\n');
    out.append("  ").append(KvServerConfigKeys.BIND_HOST).append(" = ").append(bindHost).append('\n');
    out.append("  ").append(KvServerConfigKeys.PORT).append(" = ").append(port).append('\n');
    out.append("  ").append(KvServerConfigKeys.ELECTION_TIMEOUT_MIN_MS).append(" = ").append(electionTimeoutMinMs)
        .append('\n');
    out.append("  ").append(KvServerConfigKeys.ELECTION_TIMEOUT_MAX_MS).append(" = ").append(electionTimeoutMaxMs)
        .append('\n');
    out.append("  ").append(KvServerConfigKeys.KEY_MAX_BYTES).append(" = ").append(limits.maxKeyBytes()).append('\n');
    out.append("  ").append(KvServerConfigKeys.VALUE_MAX_BYTES).append(" = ").append(limits.maxValueBytes())
        .append('\n');
    out.append("  ").append(KvServerConfigKeys.TXN_MAX_OPS).append(" = ").append(limits.maxTxnOps()).append('\n');
    out.append("  ").append(KvServerConfigKeys.REQUEST_MAX_BYTES).append(" = ").append(limits.maxRequestBytes())
        .append('\n');
    out.append("  ").append(KvServerConfigKeys.SNAPSHOT_AUTO_TRIGGER_ENTRIES).append(" = ")
        .append(snapshotAutoTriggerEntries).append('\n');
    out.append("  ").append(KvServerConfigKeys.SNAPSHOT_RETAIN).append(" = ").append(snapshotRetain).append('\n');
    out.append("  ").append(KvServerConfigKeys.ADMIN_PORT).append(" = ")
        .append(admin.enabled() ? String.valueOf(admin.port()) : "-1 (disabled)").append('\n');
    out.append("  ").append(KvServerConfigKeys.ADMIN_BIND_HOST).append(" = ").append(admin.bindHost()).append('\n');
    out.append("  ").append(KvServerConfigKeys.READY_MAX_APPLY_LAG).append(" = ").append(admin.readyMaxApplyLag());
    out.append('\n').append("  ").append(KvServerConfigKeys.AUTH_TOKEN_TTL_MS).append(" = ").append(authTokenTtlMs);
    out.append('\n').append("  ").append(KvServerConfigKeys.STORAGE_KEY_CACHE_MB).append(" = ")
        .append(keyCacheBytes >> 20);
    if (tls.enabled()) {
      out.append('\n').append("  ").append(KvServerConfigKeys.TLS_CERT_FILE).append(" = ").append(tls.certFile());
      out.append('\n').append("  ").append(KvServerConfigKeys.TLS_KEY_FILE).append(" = ").append(tls.keyFile());
      out.append('\n').append("  ").append(KvServerConfigKeys.TLS_TRUSTED_CA_FILE).append(" = ")
          .append(tls.trustedCaFile());
      out.append('\n').append("  ").append(KvServerConfigKeys.TLS_CLIENT_CERT_AUTH).append(" = ")
          .append(tls.clientCertAuth());
      out.append('\n').append("  ").append(KvServerConfigKeys.TLS_ADMIN_CLIENT_CERT_AUTH).append(" = ")
          .append(tls.adminClientCertAuth());
      out.append('\n').append("  ").append(KvServerConfigKeys.TLS_RELOAD_INTERVAL_MS).append(" = ")
          .append(tls.reloadIntervalMs());
    } else {
      out.append('\n').append("  tls = off (plaintext)");
    }
    raftOverrides.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.append('\n').append("  ").append(e.getKey()).append(" = ").append(e.getValue()));
    return out.toString();
  }
}
