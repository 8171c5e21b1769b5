package io.cairnkv.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairnkv.proto.AuthCommand;
import io.cairnkv.proto.AuthEnable;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.Permission;
import io.cairnkv.proto.RolePermission;
import io.cairnkv.proto.UserAdd;
import io.cairnkv.proto.UserName;
import io.cairnkv.proto.UserRole;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthCommandApplierTest {
  private static final AuthEnable KEYED = AuthEnable.newBuilder().setSigningKey(ByteString.copyFrom(new byte[32]))
      .build();

  private AuthView view = AuthView.EMPTY;

  private AuthCommandApplier.Outcome run(AuthCommand command) {
    AuthCommandApplier.Outcome outcome = AuthCommandApplier.apply(view, command);
    view = new AuthView(outcome.state());
    return outcome;
  }

  private static AuthCommand userAdd(String name) {
    return AuthCommand.newBuilder().setUserAdd(UserAdd.newBuilder().setName(name)).build();
  }

  private static AuthCommand grant(String user, String role) {
    return AuthCommand.newBuilder().setUserGrantRole(UserRole.newBuilder().setUser(user).setRole(role)).build();
  }

  @Test
  void enableIsRefusedUntilARootUserHoldsTheRootRole() {
    AuthCommand enable = AuthCommand.newBuilder().setAuthEnable(KEYED).build();
    assertThat(run(enable).status()).isEqualTo(WireStatus.FAILED_PRECONDITION);
    run(userAdd("root"));
    assertThat(run(enable).status()).as("root without the root role").isEqualTo(WireStatus.FAILED_PRECONDITION);
    run(grant("root", "root"));
    assertThat(run(enable).status()).isEqualTo(WireStatus.OK);
    assertThat(view.enabled()).isTrue();
    assertThat(run(AuthCommand.newBuilder().setUserDelete(UserName.newBuilder().setName("root")).build()).status())
        .as("root cannot be deleted while auth is on").isEqualTo(WireStatus.FAILED_PRECONDITION);
  }

  @Test
  void rolesAndPermissionsFollowEtcdRules() {
    assertThat(run(grant("nobody", "root")).status()).isEqualTo(WireStatus.FAILED_PRECONDITION);
    run(userAdd("alice"));
    assertThat(run(userAdd("alice")).status()).as("duplicate").isEqualTo(WireStatus.FAILED_PRECONDITION);
    assertThat(run(grant("alice", "reader")).status()).as("no such role").isEqualTo(WireStatus.FAILED_PRECONDITION);
    run(AuthCommand.newBuilder().setRoleAdd(UserName.newBuilder().setName("reader")).build());
    Permission read = Permission.newBuilder().setType(Permission.Type.READ).setKey(ByteString.copyFromUtf8("a/"))
        .setRangeEnd(ByteString.copyFromUtf8("a0")).build();
    run(AuthCommand.newBuilder().setRoleGrantPermission(RolePermission.newBuilder().setRole("reader")
        .setPermission(read)).build());
    run(grant("alice", "reader"));
    assertThat(view.permissionsOf(view.user("alice").orElseThrow())).containsExactly(read);
    long revision = view.state().getRevision();
    run(AuthCommand.newBuilder().setRoleDelete(UserName.newBuilder().setName("reader")).build());
    assertThat(view.user("alice").orElseThrow().getRolesList()).as("revoked from users too").isEmpty();
    assertThat(view.state().getRevision()).isEqualTo(revision + 1);
    assertThat(run(AuthCommand.newBuilder().setRoleDelete(UserName.newBuilder().setName("root")).build()).status())
        .isEqualTo(WireStatus.FAILED_PRECONDITION);
  }

  @Test
  void theLeaderHashesPasswordsAndFillsTheKeyBeforeTheLog() {
    AuthGuard guard = new AuthGuard(new PasswordHasher(1_000), Duration.ofMinutes(1), () -> 0);
    LogEntryPayload request = LogEntryPayload.newBuilder()
        .addCommands(WriteCommand.newBuilder().setAuth(AuthCommand.newBuilder().setUserAdd(
            UserAdd.newBuilder().setName("alice").setPassword("secret"))))
        .addCommands(WriteCommand.newBuilder().setAuth(AuthCommand.newBuilder().setAuthEnable(
            AuthEnable.getDefaultInstance()))).build();
    AuthGuard.Admission admission = guard.admit(request);
    assertThat(admission.rewritten()).isTrue();
    assertThat(admission.payload().toByteString().toStringUtf8()).doesNotContain("secret");
    UserAdd logged = admission.payload().getCommands(0).getAuth().getUserAdd();
    assertThat(PasswordHasher.matches("secret", logged.getHash())).isTrue();
    assertThat(PasswordHasher.matches("wrong", logged.getHash())).isFalse();
    assertThat(admission.payload().getCommands(1).getAuth().getAuthEnable().getSigningKey().size()).isEqualTo(32);
    assertThat(AuthCommandApplier.apply(AuthView.EMPTY, request.getCommands(0).getAuth()).status())
        .as("a plaintext password that somehow reached apply is refused").isEqualTo(WireStatus.INTERNAL);
  }
}
