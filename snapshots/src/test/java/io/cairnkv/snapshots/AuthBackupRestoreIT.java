package io.cairnkv.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairnkv.client.KvClient;
import io.cairnkv.client.KvException;
import io.cairnkv.client.Permission;
import io.cairnkv.server.cluster.InProcessCluster;
import io.cairnkv.server.cluster.TestDirs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Users, roles and the auth switch travel in backups: a restored cluster enforces them at once. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AuthBackupRestoreIT {
  private static final String PEERS = "n1=127.0.0.1:1,n2=127.0.0.1:2,n3=127.0.0.1:3";

  @Test
  void restoredClusterKeepsUsersRolesAndTheSwitch() throws Exception {
    Path root = TestDirs.fresh("AuthBackupRestoreIT");
    Path file = root.resolve("auth.cairnbak");
    try (InProcessCluster source = InProcessCluster.start(root.resolve("source"), 3)) {
      KvClient setup = source.newClient();
      setup.auth().userAdd("root", "root-pw");
      setup.auth().userGrantRole("root", "root");
      setup.auth().roleAdd("reader");
      setup.auth().roleGrantPermission("reader", Permission.prefix(Permission.Type.READ, "a/"));
      setup.auth().userAdd("alice", "alice-pw");
      setup.auth().userGrantRole("alice", "reader");
      setup.auth().enable();
      KvClient rootClient = source.newClient(b -> b.credentials("root", "root-pw"));
      rootClient.put("a/x", "1");
      assertThatThrownBy(() -> BackupSaver.save(source.newClient(b -> b.credentials("alice", "alice-pw")),
          root.resolve("denied.cairnbak"), ProgressListener.NONE))
          .isInstanceOf(KvException.PermissionDeniedException.class);
      BackupSaver.save(rootClient, file, ProgressListener.NONE);
    }
    Path restored = root.resolve("restored");
    for (String id : List.of("n1", "n2", "n3")) {
      BackupRestorer.restore(file, restored.resolve(id), id, PEERS, ProgressListener.NONE);
    }
    try (InProcessCluster copy = InProcessCluster.start(restored, 3)) {
      KvClient anonymous = copy.newClient();
      assertThat(anonymous.auth().status().enabled()).isTrue();
      assertThatThrownBy(() -> anonymous.get("a/x")).isInstanceOf(KvException.PermissionDeniedException.class);
      KvClient alice = copy.newClient(b -> b.credentials("alice", "alice-pw"));
      assertThat(alice.get("a/x").first().orElseThrow().valueUtf8()).isEqualTo("1");
      assertThatThrownBy(() -> alice.put("a/x", "2")).isInstanceOf(KvException.PermissionDeniedException.class);
      KvClient rootClient = copy.newClient(b -> b.credentials("root", "root-pw"));
      assertThat(rootClient.put("a/x", "2").revision()).isPositive();
    }
  }
}
