package io.cairnkv.server;

import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.server.config.KvServerConfig;
import io.cairnkv.server.config.KvServerConfigKeys;
import io.cairnkv.server.http.AdminEndpoints;
import io.cairnkv.server.http.Probe;
import io.cairnkv.server.metrics.NodeMetricsSource;
import io.cairnkv.server.metrics.RatisMetricsBridge;
import io.cairnkv.server.metrics.ServerMetrics;
import io.cairnkv.server.snapshot.SnapshotStore;
import io.cairnkv.server.statemachine.KvStateMachine;
import io.cairnkv.server.storage.KvEngine;
import io.cairnkv.server.storage.StoreStats;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.util.LifeCycle;

/**
 * Reads the state of one running member for the admin endpoint ({@code /health}, {@code /ready},
 * {@code /status}) and the scrape-time gauges. Everything is read fresh on each call from Ratis' division,
 * the state machine and the data directory; nothing is cached. Thread-safe.
 */
final class NodeInspector implements AdminEndpoints, NodeMetricsSource {
  private final KvServerConfig config;
  private final RaftServer raftServer;
  private final RaftGroupId groupId;
  private final KvStateMachine stateMachine;
  private final ServerMetrics metrics;
  private volatile String adminAddress;

  NodeInspector(KvServerConfig config, RaftServer raftServer, RaftGroupId groupId, KvStateMachine stateMachine,
      ServerMetrics metrics) {
    this.config = config;
    this.raftServer = raftServer;
    this.groupId = groupId;
    this.stateMachine = stateMachine;
    this.metrics = metrics;
  }

  /** Records where the admin endpoint listens, for {@code /status}. */
  void adminAddress(String hostPort) {
    this.adminAddress = hostPort;
  }

  private Optional<RaftServer.Division> division() {
    try {
      return Optional.of(raftServer.getDivision(groupId));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Ids of the group's current members. */
  Collection<String> peerIds() {
    List<String> ids = new ArrayList<>();
    division().ifPresent(d -> d.getRaftConf().getAllPeers().forEach(p -> ids.add(p.getId().toString())));
    return ids;
  }

  // ---- AdminEndpoints

  @Override
  public Probe health() {
    Map<String, Object> details = Map.of("id", config.id());
    LifeCycle.State serverState = raftServer.getLifeCycleState();
    if (serverState != LifeCycle.State.RUNNING) {
      return Probe.fail("raft server is " + serverState, details);
    }
    Optional<RaftServer.Division> division = division();
    if (division.isEmpty()) {
      return Probe.fail("raft group " + groupId + " is not running on this member", details);
    }
    if (!division.get().getInfo().isAlive()) {
      return Probe.fail("raft group member is " + division.get().getInfo().getLifeCycleState(), details);
    }
    Optional<String> storeProblem = stateMachine.storeProblem();
    return storeProblem.map(p -> Probe.fail(p, details)).orElseGet(() -> Probe.pass(details));
  }

  @Override
  public Probe readiness() {
    Optional<RaftServer.Division> division = division();
    if (division.isEmpty()) {
      return Probe.fail("raft group " + groupId + " is not running on this member", Map.of("id", config.id()));
    }
    DivisionInfo info = division.get().getInfo();
    long commit = division.get().getRaftLog().getLastCommittedIndex();
    long applied = appliedIndex();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("id", config.id());
    details.put("role", info.getCurrentRole().name());
    details.put("leader", info.getLeaderId() == null ? null : info.getLeaderId().toString());
    details.put("term", info.getCurrentTerm());
    details.put("commit_index", commit);
    details.put("applied_index", applied);
    if (!info.isAlive()) {
      return Probe.fail("raft group member is " + info.getLifeCycleState(), details);
    }
    if (info.getLeaderId() == null) {
      return Probe.fail("no leader known (role " + info.getCurrentRole() + ", term " + info.getCurrentTerm()
          + "): the group has no majority, or an election is under way", details);
    }
    if (info.isLeader() && !info.isLeaderReady()) {
      return Probe.fail("newly elected leader has not committed an entry of its term yet", details);
    }
    long maxLag = config.admin().readyMaxApplyLag();
    if (commit - applied > maxLag) {
      return Probe.fail("applied index " + applied + " trails commit index " + commit + " by " + (commit - applied)
          + " entries, more than " + KvServerConfigKeys.READY_MAX_APPLY_LAG + " = " + maxLag, details);
    }
    Optional<String> storeProblem = stateMachine.storeProblem();
    if (storeProblem.isPresent()) {
      return Probe.fail(storeProblem.get(), details);
    }
    if (stateMachine.engine() == null) {
      return Probe.fail("installing a snapshot from the leader", details);
    }
    return Probe.pass(details);
  }

  @Override
  public Map<String, Object> status() {
    RaftServer.Division division = division().orElseThrow(() -> new IllegalStateException(
        "raft group " + groupId + " is not running on member " + config.id()));
    DivisionInfo info = division.getInfo();
    RaftLog log = division.getRaftLog();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", config.id());
    s.put("cluster", config.clusterName());
    s.put("role", info.getCurrentRole().name());
    s.put("leader", info.getLeaderId() == null ? null : info.getLeaderId().toString());
    s.put("term", info.getCurrentTerm());
    s.put("commit_index", log.getLastCommittedIndex());
    s.put("applied_index", appliedIndex());
    s.put("revision", revision());
    Map<String, Object> raftLog = new LinkedHashMap<>();
    raftLog.put("start_index", log.getStartIndex());
    raftLog.put("end_index", lastIndex(log));
    raftLog.put("size_bytes", logSizeBytes());
    s.put("raft_log", raftLog);
    s.put("last_snapshot", stateMachine.snapshots().latest().map(NodeInspector::snapshot).orElse(null));
    s.put("rocksdb", stateMachine.storeStats().map(NodeInspector::store).orElse(null));
    s.put("raft_address", selfAddress());
    s.put("admin_address", adminAddress);
    List<Map<String, Object>> members = new ArrayList<>();
    for (RaftPeer peer : division.getRaftConf().getAllPeers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", peer.getId().toString());
      m.put("address", peer.getAddress());
      members.add(m);
    }
    s.put("members", members);
    return s;
  }

  private static Map<String, Object> snapshot(SnapshotStore.Snapshot snapshot) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", snapshot.manifest().index());
    m.put("term", snapshot.manifest().term());
    m.put("revision", snapshot.manifest().revision());
    m.put("size_bytes", snapshot.manifest().totalBytes());
    return m;
  }

  private static Map<String, Object> store(StoreStats stats) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sst_files_bytes", stats.sstFilesBytes());
    m.put("memtable_bytes", stats.memtableBytes());
    m.put("size_bytes", stats.sstFilesBytes() + stats.memtableBytes());
    m.put("pending_compaction_bytes", stats.pendingCompactionBytes());
    m.put("estimated_keys", stats.estimatedKeys());
    return m;
  }

  private String selfAddress() {
    return config.peers().stream().filter(p -> p.id().orElseThrow().equals(config.id())).findFirst()
        .map(Endpoint::address).orElse(config.bindHost() + ":" + config.port());
  }

  @Override
  public String metrics() {
    return metrics.scrape();
  }

  @Override
  public String metricsContentType() {
    return ServerMetrics.CONTENT_TYPE;
  }

  // ---- NodeMetricsSource

  @Override
  public Optional<String> role() {
    return division().map(d -> d.getInfo().getCurrentRole().name());
  }

  @Override
  public boolean hasLeader() {
    return division().map(d -> d.getInfo().getLeaderId() != null).orElse(false);
  }

  @Override
  public long term() {
    return division().map(d -> d.getInfo().getCurrentTerm()).orElse(-1L);
  }

  @Override
  public long commitIndex() {
    return division().map(d -> d.getRaftLog().getLastCommittedIndex()).orElse(-1L);
  }

  @Override
  public long appliedIndex() {
    return stateMachine.getLastAppliedTermIndex().getIndex();
  }

  @Override
  public long logStartIndex() {
    return division().map(d -> d.getRaftLog().getStartIndex()).orElse(-1L);
  }

  @Override
  public long logEndIndex() {
    return division().map(d -> lastIndex(d.getRaftLog())).orElse(-1L);
  }

  private static long lastIndex(RaftLog log) {
    TermIndex last = log.getLastEntryTermIndex();
    return last == null ? log.getStartIndex() - 1 : last.getIndex();
  }

  /** Bytes of the log segment files ({@code log_*}) in the group's storage directory. */
  @Override
  public long logSizeBytes() {
    Optional<RaftServer.Division> division = division();
    if (division.isEmpty()) {
      return -1;
    }
    File[] segments = division.get().getRaftStorage().getStorageDir().getCurrentDir()
        .listFiles((dir, name) -> name.startsWith("log_"));
    long total = 0;
    for (File f : segments == null ? new File[0] : segments) {
      total += f.length();
    }
    return total;
  }

  @Override
  public long elections() {
    return division().map(d -> RatisMetricsBridge.counter(d.getMemberId().toString(), "leader_election",
        "electionCount")).orElse(-1L);
  }

  @Override
  public long lastSnapshotIndex() {
    return stateMachine.snapshots().latest().map(s -> s.manifest().index()).orElse(-1L);
  }

  @Override
  public long lastSnapshotBytes() {
    return stateMachine.snapshots().latest().map(s -> s.manifest().totalBytes()).orElse(-1L);
  }

  @Override
  public long revision() {
    KvEngine engine = stateMachine.engine();
    return engine == null ? -1 : engine.appliedState().revision();
  }

  @Override
  public long entriesApplied() {
    return stateMachine.entriesApplied();
  }

  @Override
  public long entriesSkipped() {
    return stateMachine.entriesSkipped();
  }

  @Override
  public Optional<StoreStats> storeStats() {
    return stateMachine.storeStats();
  }
}
