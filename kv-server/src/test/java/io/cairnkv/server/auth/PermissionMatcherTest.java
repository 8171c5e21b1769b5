package io.cairnkv.server.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairnkv.proto.Permission;
import io.cairnkv.server.auth.PermissionMatcher.Access;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PermissionMatcherTest {
  private static final byte[] NONE = new byte[0];
  private static final byte[] TO_END = {0};

  private static Permission perm(Permission.Type type, String key, String end) {
    return Permission.newBuilder().setType(type).setKey(ByteString.copyFromUtf8(key))
        .setRangeEnd(ByteString.copyFromUtf8(end)).build();
  }

  private static Permission prefix(Permission.Type type, String prefix) {
    byte[] end = prefix.getBytes(UTF_8);
    end[end.length - 1]++;
    return perm(type, prefix, new String(end, UTF_8));
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void readOnPrefixAllowsReadsInsideOnly() {
    List<Permission> granted = List.of(prefix(Permission.Type.READ, "a/"));
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("a/x"), NONE)).isTrue();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("a/"), b("a0"))).as("the whole prefix").isTrue();
    assertThat(PermissionMatcher.covers(granted, Access.WRITE, b("a/x"), NONE)).as("no write").isFalse();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("b/x"), NONE)).isFalse();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("a"), NONE)).as("the prefix without slash").isFalse();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("a/"), b("b/"))).as("a range past the prefix")
        .isFalse();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("a/"), TO_END)).as("to the end of the key space")
        .isFalse();
  }

  @Test
  void readWriteCoversBothAndExactKeysCoverOnlyThemselves() {
    List<Permission> granted = List.of(perm(Permission.Type.READWRITE, "k", ""));
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("k"), NONE)).isTrue();
    assertThat(PermissionMatcher.covers(granted, Access.WRITE, b("k"), NONE)).isTrue();
    assertThat(PermissionMatcher.covers(granted, Access.WRITE, b("k2"), NONE)).isFalse();
    assertThat(PermissionMatcher.covers(granted, Access.WRITE, b("k"), b("l"))).as("range from k").isFalse();
    assertThat(PermissionMatcher.covers(List.of(perm(Permission.Type.WRITE, "k", "")), Access.READ, b("k"), NONE))
        .as("WRITE alone does not read").isFalse();
  }

  @Test
  void adjacentGrantsCoverARangeAcrossThemButAGapDoesNot() {
    List<Permission> adjacent = List.of(perm(Permission.Type.READ, "c", "e"), perm(Permission.Type.READ, "a", "c"));
    assertThat(PermissionMatcher.covers(adjacent, Access.READ, b("a"), b("e"))).isTrue();
    assertThat(PermissionMatcher.covers(adjacent, Access.READ, b("b"), b("d"))).isTrue();
    assertThat(PermissionMatcher.covers(adjacent, Access.READ, b("a"), b("f"))).isFalse();
    List<Permission> gap = List.of(perm(Permission.Type.READ, "a", "b"), perm(Permission.Type.READ, "c", "e"));
    assertThat(PermissionMatcher.covers(gap, Access.READ, b("a"), b("d"))).isFalse();
  }

  @Test
  void openEndedGrantCoversEverythingAfterItsStart() {
    List<Permission> granted = List.of(perm(Permission.Type.READ, "m", "\0"));
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("m"), TO_END)).isTrue();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("zzz"), NONE)).isTrue();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("l"), TO_END)).isFalse();
  }

  @Test
  void emptyOrInvertedRangeStillNeedsItsStartKey() {
    List<Permission> granted = List.of(prefix(Permission.Type.READ, "a/"));
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("b/"), b("a/"))).isFalse();
    assertThat(PermissionMatcher.covers(granted, Access.READ, b("a/z"), b("a/a"))).isTrue();
    assertThat(PermissionMatcher.covers(List.of(), Access.READ, b("a/x"), NONE)).as("nothing granted").isFalse();
  }
}
