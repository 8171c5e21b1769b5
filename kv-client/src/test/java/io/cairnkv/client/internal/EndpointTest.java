package io.cairnkv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class EndpointTest {
  @Test
  void parsesHostAndPort() {
    Endpoint e = Endpoint.parse("db1.example.com:7001");
    assertThat(e).isEqualTo(new Endpoint(Optional.empty(), "db1.example.com", 7001));
    assertThat(e.address()).isEqualTo("db1.example.com:7001");
  }

  @Test
  void parsesIdEqualsHostAndPort() {
    assertThat(Endpoint.parse("n1=10.0.0.1:7001")).isEqualTo(new Endpoint(Optional.of("n1"), "10.0.0.1", 7001));
  }

  @Test
  void keepsIpv6LiteralInBrackets() {
    Endpoint e = Endpoint.parse("n2=[::1]:7002");
    assertThat(e).isEqualTo(new Endpoint(Optional.of("n2"), "[::1]", 7002));
    assertThat(e.address()).isEqualTo("[::1]:7002");
    assertThat(Endpoint.parse("[fe80::1:2]:7003").host()).isEqualTo("[fe80::1:2]");
  }

  @Test
  void parsesListTrimmingBlanksAndSkippingEmptyEntries() {
    List<Endpoint> list = Endpoint.parseList(" n1=a:1 , n2=[::1]:2,,n3=c:3 ");
    assertThat(list).extracting(Endpoint::address).containsExactly("a:1", "[::1]:2", "c:3");
    assertThat(list).extracting(e -> e.id().orElseThrow()).containsExactly("n1", "n2", "n3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hostonly", "host:", ":7001", "=h:1", "h:port", "h:0", "h:65536", "[::1]", "n1=h:-1"})
  void badEntryIsRejectedWithAMessageNamingIt(String entry) {
    assertThatThrownBy(() -> Endpoint.parse(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1:7001", "n1=fe80::2:7001", "[::1:7001", "::1]:7001"})
  void ipv6WithoutBalancedBracketsIsRejectedAsAmbiguous(String entry) {
    // "::1:7001" could be host ::1 port 7001 or host ::1:7001 with the port missing.
    assertThatThrownBy(() -> Endpoint.parse(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'")
        .hasMessageContaining("brackets");
  }

  @Test
  void badEntryInAListIsNamed() {
    assertThatThrownBy(() -> Endpoint.parseList("n1=a:1,n2=b:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'n2=b:x'")
        .hasMessageContaining("port is not a number");
  }

  @Test
  void portOutOfRangeSaysSo() {
    assertThatThrownBy(() -> Endpoint.parse("h:70000")).hasMessageContaining("outside 1..65535");
  }

  @Test
  void emptyListIsRejected() {
    assertThatThrownBy(() -> Endpoint.parseList(" , ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
