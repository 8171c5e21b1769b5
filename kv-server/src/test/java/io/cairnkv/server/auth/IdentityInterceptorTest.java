package io.cairnkv.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.StatusRequest;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdentityInterceptorTest {
  @Test
  void theStampOverridesAnIdentityTheClientClaimed() throws Exception {
    byte[] forged = LogEntryPayload.newBuilder().setTransportUser("root").setToken("t").build().toByteArray();
    for (String seen : new String[] {"", "alice", "x".repeat(300)}) {
      ByteString stamped = ByteString.copyFrom(forged).concat(IdentityInterceptor.stamp(seen));
      LogEntryPayload parsed = LogEntryPayload.parseFrom(stamped.toByteArray());
      assertThat(parsed.getTransportUser()).isEqualTo(seen);
      assertThat(parsed.getToken()).isEqualTo("t");
    }
    byte[] read = ReadQuery.newBuilder().setStatus(StatusRequest.getDefaultInstance()).setTransportUser("root")
        .build().toByteArray();
    ReadQuery parsed = ReadQuery.parseFrom(ByteString.copyFrom(read).concat(IdentityInterceptor.stamp(""))
        .toByteArray());
    assertThat(parsed.getTransportUser()).isEmpty();
    assertThat(parsed.hasStatus()).isTrue();
  }

  @Test
  void commonNameComesFromTheSubject() {
    assertThat(IdentityInterceptor.commonName("CN=alice,OU=dev,O=CairnKV")).isEqualTo("alice");
    assertThat(IdentityInterceptor.commonName("O=CairnKV,CN=root")).isEqualTo("root");
    assertThat(IdentityInterceptor.commonName("O=CairnKV")).isEmpty();
    assertThat(IdentityInterceptor.certificateUser(null)).isEmpty();
  }
}
