package io.cairnkv.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TokenServiceTest {
  private static final byte[] KEY = key(1);
  private static final TokenService.Claims ALICE = new TokenService.Claims("alice", 3, 10_000);

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) seed);
    return key;
  }

  @Test
  void aTokenVerifiesWithItsKeyUntilItExpires() {
    String token = TokenService.issue(KEY, ALICE);
    assertThat(TokenService.verify(KEY, token, 9_999).claims()).isEqualTo(ALICE);
    assertThat(TokenService.verify(KEY, token, 10_000).problem()).contains("expired");
    assertThat(TokenService.verify(KEY, token, -1).claims()).as("apply time ignores the clock").isEqualTo(ALICE);
  }

  @Test
  void anotherKeyOrATamperedPayloadIsRefused() {
    String token = TokenService.issue(KEY, ALICE);
    assertThat(TokenService.verify(key(2), token, 0).problem()).contains("signature");
    // Swap in the payload of a root token but keep alice's signature.
    String rootToken = TokenService.issue(key(2), new TokenService.Claims("root", 0, Long.MAX_VALUE));
    String[] alice = token.split("\\.");
    String[] root = rootToken.split("\\.");
    assertThat(TokenService.verify(KEY, alice[0] + "." + root[1] + "." + alice[2], 0).problem())
        .contains("signature");
  }

  @Test
  void malformedTokensAreRefusedWithoutThrowing() {
    for (String bad : new String[] {"", "v1", "v1.", "v1..", "v2.abc.def", "v1.%%%.***", "v1.abc",
        "v1." + Base64.getUrlEncoder().encodeToString(new byte[] {1, 2}) + ".x"}) {
      assertThat(TokenService.verify(KEY, bad, 0).ok()).as(bad).isFalse();
    }
    assertThat(TokenService.verify(new byte[0], TokenService.issue(KEY, ALICE), 0).problem())
        .contains("never enabled");
  }
}
