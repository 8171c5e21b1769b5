package io.cairnkv.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberHash;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Save a running cluster under write load, restore it into a fresh cluster, compare. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BackupRestoreIT {
  private static final String PEERS = "n1=127.0.0.1:1,n2=127.0.0.1:2,n3=127.0.0.1:3";

  @Test
  void saveUnderLoadThenRestoreIntoANewCluster() throws Exception {
    Path root = TestDirs.fresh("BackupRestoreIT");
    try (InProcessCluster source = InProcessCluster.start(root.resolve("source"), 3)) {
      KvClient client = source.newClient();
      for (int i = 0; i < 200; i++) {
        client.put("base/" + i, "v" + i);
      }
      Map<String, String> acked = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writers = Executors.newFixedThreadPool(2);
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        running.add(writers.submit(() -> {
          for (int i = 0; !stop.get() && i < 100_000; i++) {
            try {
              client.put("load/" + writer + "/" + i, "x" + i);
              acked.put("load/" + writer + "/" + i, "x" + i);
            } catch (KvException e) {
              // outcome unknown: not counted
            }
          }
          return null;
        }));
      }
      Path file = root.resolve("under-load.cairnbak");
      Map<String, String> ackedBeforeSave;
      BackupHeader header;
      try {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > 100);
        ackedBeforeSave = Map.copyOf(acked);
        List<long[]> progress = new ArrayList<>();
        header = BackupSaver.save(client, file, (done, total) -> progress.add(new long[] {done, total}));
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(header.totalBytes());
      } finally {
        stop.set(true);
        for (Future<?> f : running) {
          f.get(1, TimeUnit.MINUTES);
        }
        writers.shutdownNow();
      }
      assertThat(Files.exists(root.resolve("under-load.cairnbak.partial"))).isFalse();
      BackupSummary summary = BackupReader.verify(file, ProgressListener.NONE);
      assertThat(summary.header()).isEqualTo(header);
      assertThat(header.keyCount()).isGreaterThanOrEqualTo(200 + ackedBeforeSave.size());

      Path restored = root.resolve("restored");
      for (String id : List.of("n1", "n2", "n3")) {
        BackupRestorer.restore(file, restored.resolve(id), id, PEERS, ProgressListener.NONE);
      }
      try (InProcessCluster copy = InProcessCluster.start(restored, 3)) {
        KvClient restoredClient = copy.newClient();
        for (Map.Entry<String, String> e : ackedBeforeSave.entrySet()) {
          assertThat(restoredClient.get(e.getKey()).first()).as(e.getKey()).get()
              .extracting(kv -> kv.valueUtf8()).isEqualTo(e.getValue());
        }
        assertThat(restoredClient.get("base/7").first().orElseThrow().valueUtf8()).isEqualTo("v7");
        List<MemberHash> hashes = hashes(restoredClient, header.revision());
        assertThat(hashes).extracting(MemberHash::sha256).containsOnly(hashes.get(0).sha256());
        assertThat(hashes).extracting(MemberHash::keyCount).containsOnly(header.keyCount());
        assertThat(restoredClient.put("after", "restore").revision()).isEqualTo(header.revision() + 1);
      }

      // Quiescent source: the restored digests equal the source's at the same revision.
      Path quiet = root.resolve("quiet.cairnbak");
      BackupHeader quietHeader = BackupSaver.save(client, quiet, ProgressListener.NONE);
      List<MemberHash> sourceHashes = hashes(client, quietHeader.revision());
      assertThat(sourceHashes).extracting(MemberHash::sha256).containsOnly(sourceHashes.get(0).sha256());
      Path restoredQuiet = root.resolve("restored-quiet");
      for (String id : List.of("n1", "n2", "n3")) {
        BackupRestorer.restore(quiet, restoredQuiet.resolve(id), id, PEERS, ProgressListener.NONE);
      }
      try (InProcessCluster copy = InProcessCluster.start(restoredQuiet, 3)) {
        List<MemberHash> copyHashes = hashes(copy.newClient(), quietHeader.revision());
        assertThat(copyHashes).extracting(MemberHash::sha256).containsOnly(sourceHashes.get(0).sha256());
      }
    }
  }

  /** Every member's hash, once each has reached {@code revision}. */
  private static List<MemberHash> hashes(KvClient client, long revision) {
    List<MemberHash> out = new ArrayList<>();
    for (Member m : client.members()) {
      // A member that just started answers UNAVAILABLE until it has heard from the leader.
      MemberHash h = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreException(KvException.UnavailableException.class)
          .until(() -> client.hash(m), x -> x.revision() >= revision);
      assertThat(h.revision()).isEqualTo(revision);
      out.add(h);
    }
    return out;
  }
}
