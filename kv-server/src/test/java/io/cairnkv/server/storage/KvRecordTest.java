package io.cairnkv.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KvRecordTest {
  private static void assertRoundTrip(KvRecord record) {
    KvRecord decoded = KvRecord.decode(record.encode());
    assertThat(decoded.createRevision()).isEqualTo(record.createRevision());
    assertThat(decoded.modRevision()).isEqualTo(record.modRevision());
    assertThat(decoded.version()).isEqualTo(record.version());
    assertThat(decoded.value()).containsExactly(record.value());
  }

  @Test
  void roundTripsMetadataAndValue() {
    assertRoundTrip(new KvRecord(3, 17, 5, "hello".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void roundTripsEmptyValueAndExtremeNumbers() {
    assertRoundTrip(new KvRecord(Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 40, new byte[0]));
    assertRoundTrip(new KvRecord(1, 1, 1, new byte[] {0, (byte) 0xff, 0}));
  }

  @Test
  void layoutIsFormatByteThenBigEndianHeader() {
    byte[] encoded = new KvRecord(1, 2, 3, new byte[] {9}).encode();
    assertThat(encoded).hasSize(1 + 24 + 1);
    assertThat(encoded[0]).isEqualTo((byte) 1);
    assertThat(encoded[8]).isEqualTo((byte) 1);
    assertThat(encoded[16]).isEqualTo((byte) 2);
    assertThat(encoded[24]).isEqualTo((byte) 3);
    assertThat(encoded[25]).isEqualTo((byte) 9);
  }

  @Test
  void unknownFormatIsRejected() {
    byte[] encoded = new KvRecord(1, 2, 3, new byte[] {9}).encode();
    encoded[0] = 2;
    assertThatThrownBy(() -> KvRecord.decode(encoded)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format 2").hasMessageContaining("expected format 1");
  }

  @Test
  void truncatedOrEmptyBytesAreRejected() {
    byte[] encoded = new KvRecord(1, 2, 3, new byte[0]).encode();
    byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
    assertThatThrownBy(() -> KvRecord.decode(truncated)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("24 bytes");
    assertThatThrownBy(() -> KvRecord.decode(new byte[0])).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format none");
  }
}
