package io.cairnkv.server;

import io.cairnkv.client.internal.ClusterIds;
import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.server.auth.AuditLog;
import io.cairnkv.server.auth.AuthGuard;
import io.cairnkv.server.auth.IdentityInterceptor;
import io.cairnkv.server.auth.PasswordHasher;
import io.cairnkv.server.backup.BackupSessions;
import io.cairnkv.server.config.KvServerConfig;
import io.cairnkv.server.config.KvServerConfigKeys;
import io.cairnkv.server.http.AdminHttpServer;
import io.cairnkv.server.http.AdminRouter;
import io.cairnkv.server.metrics.ServerMetrics;
import io.cairnkv.server.statemachine.KvStateMachine;
import io.cairnkv.server.storage.RocksKvEngine;
import io.cairnkv.server.tls.ServerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CairnKV replica: a Ratis server with the {@link KvStateMachine} over a RocksDB store, and its admin
 * HTTP endpoint ({@code /metrics}, {@code /health}, {@code /ready}, {@code /status}).
 *
 * <p>Lifecycle: {@link #start(KvServerConfig)} returns a running server; {@link #close()} stops it and
 * releases its ports, threads and files. Thread-safe.
 */
public final class KvServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KvServer.class);
  /** The audit log's file in the data directory (see {@link AuditLog}). */
  public static final String AUDIT_FILE = "audit.log";

  private final KvServerConfig config;
  private final RaftServer raftServer;
  private final KvStateMachine stateMachine;
  private final ServerMetrics metrics;
  private final AdminHttpServer admin;
  private final ServerTls tls;
  private volatile boolean closed;

  private KvServer(KvServerConfig config, RaftServer raftServer, KvStateMachine stateMachine, ServerMetrics metrics,
      AdminHttpServer admin, ServerTls tls) {
    this.config = config;
    this.tls = tls;
    this.raftServer = raftServer;
    this.stateMachine = stateMachine;
    this.metrics = metrics;
    this.admin = admin;
  }

  /**
   * Starts a replica. On a fresh data directory it formats a new Raft storage; otherwise it recovers the
   * existing log and store.
   *
   * @throws IOException if the storage cannot be opened or the port cannot be bound
   */
  public static KvServer start(KvServerConfig config) throws IOException {
    RaftGroupId groupId = ClusterIds.groupId(config.clusterName());
    List<RaftPeer> peers = new ArrayList<>();
    for (Endpoint e : config.peers()) {
      peers.add(RaftPeer.newBuilder().setId(e.id().orElseThrow()).setAddress(e.address()).build());
    }
    RaftGroup group = RaftGroup.valueOf(groupId, peers);
    Files.createDirectories(config.raftDir());
    boolean existing = Files.isDirectory(config.raftDir().resolve(groupId.getUuid().toString()));
    ServerMetrics metrics = new ServerMetrics(config.id(), config.dataDir());
    AuthGuard auth = new AuthGuard(new PasswordHasher(), Duration.ofMillis(config.authTokenTtlMs()),
        System::currentTimeMillis);
    AuditLog.writeTo(config.dataDir().resolve(AUDIT_FILE));
    KvStateMachine stateMachine = new KvStateMachine(RocksKvEngine.factory(config.storeDir(), config.keyCacheBytes()), config.limits(),
        new BackupSessions(config.dataDir().resolve("backups")), metrics.kv(), auth);
    Parameters parameters = new Parameters();
    // Binds certificate identities to requests and closes Ratis' admin service while auth is enabled.
    GrpcConfigKeys.Server.setServicesCustomizer(parameters,
        IdentityInterceptor.customizer(new IdentityInterceptor(() -> auth.view().enabled())));
    RaftServer server;
    ServerTls tls = null;
    try {
      if (config.tls().enabled()) {
        tls = ServerTls.start(config.tls(), metrics.registry(), Clock.systemUTC());
        // One config for the three Ratis channels: peer (server), client and admin share the port.
        GrpcConfigKeys.TLS.setConf(parameters, tls.grpcConfig());
      }
      server = RaftServer.newBuilder()
          .setServerId(RaftPeerId.valueOf(config.id()))
          .setGroup(group)
          .setStateMachine(stateMachine)
          .setProperties(raftProperties(config))
          .setParameters(parameters)
          .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
          .build();
    } catch (IOException | RuntimeException e) {
      closeQuietly(tls);
      metrics.close();
      AuditLog.stopWritingTo(config.dataDir().resolve(AUDIT_FILE));
      throw e;
    }
    LOG.info("Starting member {} of cluster '{}' ({} storage in {}), listening on {}:{}", config.id(),
        config.clusterName(), existing ? "recovering existing" : "formatting new", config.dataDir().toAbsolutePath(),
        config.bindHost(), config.port());
    AdminHttpServer admin = null;
    try {
      server.start();
      NodeInspector inspector = new NodeInspector(config, server, groupId, stateMachine, metrics);
      metrics.bindNode(inspector, config.id(), inspector::peerIds);
      if (config.admin().enabled()) {
        admin = AdminHttpServer.start(config.admin().bindHost(), config.admin().port(), new AdminRouter(inspector),
            tls == null ? null : tls.adminSslContext());
        inspector.adminAddress(config.admin().bindHost() + ":" + admin.address().getPort());
      } else {
        LOG.info("Admin HTTP endpoint disabled ({} = -1)", KvServerConfigKeys.ADMIN_PORT);
      }
    } catch (IOException | RuntimeException e) {
      server.close();
      closeQuietly(tls);
      metrics.close();
      AuditLog.stopWritingTo(config.dataDir().resolve(AUDIT_FILE));
      throw e;
    }
    LOG.info("Member {} is up; peers: {}", config.id(), peers);
    return new KvServer(config, server, stateMachine, metrics, admin, tls);
  }

  private static void closeQuietly(ServerTls tls) {
    if (tls != null) {
      tls.close();
    }
  }

  static RaftProperties raftProperties(KvServerConfig config) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(config.raftDir().toFile()));
    GrpcConfigKeys.Server.setHost(p, config.bindHost());
    GrpcConfigKeys.Server.setPort(p, config.port());
    // Linearizable reads by default: Ratis' DEFAULT option reads the leader's state without ReadIndex.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(config.electionTimeoutMinMs(), TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(config.electionTimeoutMaxMs(), TimeUnit.MILLISECONDS));
    // One log entry holds at most one request (plus framing), and an AppendEntries batch is bounded by the
    // appender's byte limit, so no legitimate frame on the shared peer/client port exceeds that limit plus
    // Ratis' required 1 MiB gap. gRPC refuses larger frames (RESOURCE_EXHAUSTED) before buffering them;
    // requests between our own limit and that size reach the state machine and get INVALID_ARGUMENT.
    long appenderBytes = transportFrameMaxBytes(config) - (1L << 20);
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(appenderBytes));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(transportFrameMaxBytes(config)));
    // Snapshot chunks (16 MiB by default) travel on the same port: keep them under the frame limit.
    RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(p, SizeInBytes.valueOf(appenderBytes));
    // Snapshots bound the log: taken every N entries, the log purged up to the newest, old ones deleted.
    // A follower behind the purged log then receives the snapshot from the leader.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, config.snapshotAutoTriggerEntries() > 0);
    if (config.snapshotAutoTriggerEntries() > 0) {
      RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotAutoTriggerEntries());
    }
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, config.snapshotRetain());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(1024, config.snapshotAutoTriggerEntries() / 2)));
    config.raftOverrides().forEach(p::set);
    return p;
  }

  /** Largest gRPC frame the server accepts on its Raft/client port; larger ones are refused unread. */
  public static long transportFrameMaxBytes(KvServerConfig config) {
    return Math.max(4L << 20, config.limits().maxRequestBytes() + (1L << 20)) + (1L << 20);
  }

  /** The configuration this server runs with. */
  public KvServerConfig config() {
    return config;
  }

  /** The state machine, for diagnostics and tests. */
  public KvStateMachine stateMachine() {
    return stateMachine;
  }

  /** Whether this replica currently believes it is the leader. */
  public boolean isLeader() {
    try {
      return raftServer.getDivision(ClusterIds.groupId(config.clusterName())).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /** First index still in this replica's Raft log (grows as snapshots let the log be purged). */
  public long raftLogStartIndex() throws IOException {
    return raftServer.getDivision(ClusterIds.groupId(config.clusterName())).getRaftLog().getStartIndex();
  }

  /** Where the admin HTTP endpoint listens; empty when it is disabled. */
  public Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(admin).map(AdminHttpServer::address);
  }

  /** The TLS material in use; empty when TLS is off. */
  public Optional<ServerTls> tls() {
    return Optional.ofNullable(tls);
  }

  /** This server's metrics. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** The data directory. */
  public Path dataDir() {
    return config.dataDir();
  }

  /** Stops the replica; idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("Stopping member {}", config.id());
    // The admin endpoint goes first, so that probes see the member gone rather than half stopped.
    if (admin != null) {
      admin.close();
    }
    try {
      raftServer.close();
    } finally {
      closeQuietly(tls);
      metrics.close();
      AuditLog.stopWritingTo(config.dataDir().resolve(AUDIT_FILE));
    }
    LOG.info("Member {} stopped", config.id());
  }
}
