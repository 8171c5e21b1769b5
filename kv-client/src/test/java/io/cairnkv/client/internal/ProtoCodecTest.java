package io.cairnkv.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairnkv.client.Compare;
import io.cairnkv.client.Compare.Operator;
import io.cairnkv.client.DeleteOptions;
import io.cairnkv.client.DeleteResult;
import io.cairnkv.client.GetOptions;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.Op;
import io.cairnkv.client.PutResult;
import io.cairnkv.client.Txn;
import io.cairnkv.client.TxnResult;
import io.cairnkv.proto.DeleteRangeRequest;
import io.cairnkv.proto.DeleteRangeResponse;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.PutResponse;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RangeResponse;
import io.cairnkv.proto.RequestOp;
import io.cairnkv.proto.ResponseOp;
import io.cairnkv.proto.TxnRequest;
import io.cairnkv.proto.TxnResponse;
import io.cairnkv.proto.WriteCommand;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ProtoCodecTest {
  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static io.cairnkv.proto.KeyValue protoKv(String key, String value, long create, long mod, long version) {
    return io.cairnkv.proto.KeyValue.newBuilder().setKey(bs(key)).setValue(bs(value))
        .setCreateRevision(create).setModRevision(mod).setVersion(version).build();
  }

  @Test
  void putCarriesKeyValueAndPrevKv() {
    PutRequest put = ProtoCodec.put(b("k"), b("v"), true);
    assertThat(put.getKey()).isEqualTo(bs("k"));
    assertThat(put.getValue()).isEqualTo(bs("v"));
    assertThat(put.getPrevKv()).isTrue();
  }

  @Test
  void singleKeyReadHasNoRangeEnd() {
    RangeRequest r = ProtoCodec.range(b("k"), GetOptions.DEFAULT);
    assertThat(r.getKey()).isEqualTo(bs("k"));
    assertThat(r.getRangeEnd()).isEmpty();
    assertThat(r.getLimit()).isZero();
    assertThat(r.getReverse() || r.getKeysOnly() || r.getCountOnly()).isFalse();
  }

  @Test
  void prefixReadBecomesRangeEndPrefixEnd() {
    RangeRequest r = ProtoCodec.range(b("ab"), GetOptions.builder().prefix().limit(7).reverse().keysOnly().build());
    assertThat(r.getKey()).isEqualTo(bs("ab"));
    assertThat(r.getRangeEnd()).isEqualTo(bs("ac"));
    assertThat(r.getLimit()).isEqualTo(7);
    assertThat(r.getReverse()).isTrue();
    assertThat(r.getKeysOnly()).isTrue();
    assertThat(r.getCountOnly()).isFalse();
  }

  @Test
  void prefixOfAll0xffReadsToTheEnd() {
    RangeRequest r = ProtoCodec.range(new byte[] {(byte) 0xff}, GetOptions.builder().prefix().countOnly().build());
    assertThat(r.getRangeEnd()).isEqualTo(ByteString.copyFrom(new byte[] {0}));
    assertThat(r.getCountOnly()).isTrue();
  }

  @Test
  void explicitRangeEndIsKept() {
    RangeRequest r = ProtoCodec.range(b("a"), GetOptions.builder().rangeEnd(b("m")).build());
    assertThat(r.getRangeEnd()).isEqualTo(bs("m"));
  }

  @Test
  void deleteMapsPrefixRangeEndAndPrevKv() {
    DeleteRangeRequest prefix = ProtoCodec.delete(b("dir/"), DeleteOptions.builder().prefix().prevKv().build());
    assertThat(prefix.getKey()).isEqualTo(bs("dir/"));
    assertThat(prefix.getRangeEnd()).isEqualTo(bs("dir0"));
    assertThat(prefix.getPrevKv()).isTrue();
    DeleteRangeRequest single = ProtoCodec.delete(b("k"), DeleteOptions.DEFAULT);
    assertThat(single.getRangeEnd()).isEmpty();
    assertThat(single.getPrevKv()).isFalse();
    assertThat(ProtoCodec.delete(b("a"), DeleteOptions.builder().rangeEnd(b("c")).build()).getRangeEnd())
        .isEqualTo(bs("c"));
  }

  @Test
  void txnMapsEveryCompareTargetAndOperator() {
    TxnRequest txn = ProtoCodec.txn(Txn.builder().when(
        Compare.value(b("a"), Operator.EQUAL, b("x")),
        Compare.version(b("b"), Operator.NOT_EQUAL, 2),
        Compare.createRevision(b("c"), Operator.LESS, 3),
        Compare.modRevision(b("d"), Operator.GREATER, 4)).build());
    assertThat(txn.getCompareList()).containsExactly(
        io.cairnkv.proto.Compare.newBuilder().setKey(bs("a")).setResult(io.cairnkv.proto.Compare.Result.EQUAL)
            .setTarget(io.cairnkv.proto.Compare.Target.VALUE).setValue(bs("x")).build(),
        io.cairnkv.proto.Compare.newBuilder().setKey(bs("b")).setResult(io.cairnkv.proto.Compare.Result.NOT_EQUAL)
            .setTarget(io.cairnkv.proto.Compare.Target.VERSION).setVersion(2).build(),
        io.cairnkv.proto.Compare.newBuilder().setKey(bs("c")).setResult(io.cairnkv.proto.Compare.Result.LESS)
            .setTarget(io.cairnkv.proto.Compare.Target.CREATE_REVISION).setCreateRevision(3).build(),
        io.cairnkv.proto.Compare.newBuilder().setKey(bs("d")).setResult(io.cairnkv.proto.Compare.Result.GREATER)
            .setTarget(io.cairnkv.proto.Compare.Target.MOD_REVISION).setModRevision(4).build());
    assertThat(txn.getSuccessCount()).isZero();
    assertThat(txn.getFailureCount()).isZero();
  }

  @Test
  void txnMapsOpsIntoTheirBranchesInOrder() {
    TxnRequest txn = ProtoCodec.txn(Txn.builder()
        .then(Op.putWithPrevKv(b("p"), b("v")), Op.get(b("g"), GetOptions.builder().prefix().build()))
        .otherwise(Op.delete(b("d"), DeleteOptions.builder().prevKv().build()), Op.put(b("q"), b("w")))
        .build());
    assertThat(txn.getSuccessList()).containsExactly(
        RequestOp.newBuilder()
            .setPut(PutRequest.newBuilder().setKey(bs("p")).setValue(bs("v")).setPrevKv(true)).build(),
        RequestOp.newBuilder().setRange(RangeRequest.newBuilder().setKey(bs("g")).setRangeEnd(bs("h"))).build());
    assertThat(txn.getFailureList()).containsExactly(
        RequestOp.newBuilder().setDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs("d")).setPrevKv(true)).build(),
        RequestOp.newBuilder().setPut(PutRequest.newBuilder().setKey(bs("q")).setValue(bs("w"))).build());
  }

  @Test
  void keyValueKeepsEveryField() {
    assertThat(ProtoCodec.keyValue(protoKv("k", "v", 3, 5, 2))).isEqualTo(new KeyValue(b("k"), b("v"), 3, 5, 2));
  }

  @Test
  void putResultHasPrevKvOnlyWhenSent() {
    assertThat(ProtoCodec.putResult(9, PutResponse.getDefaultInstance())).isEqualTo(new PutResult(9, Optional.empty()));
    PutResult r = ProtoCodec.putResult(9, PutResponse.newBuilder().setPrevKv(protoKv("k", "old", 1, 4, 3)).build());
    assertThat(r.prevKv()).contains(new KeyValue(b("k"), b("old"), 1, 4, 3));
  }

  @Test
  void getResultKeepsOrderMoreAndCount() {
    GetResult r = ProtoCodec.getResult(12, RangeResponse.newBuilder()
        .addKvs(protoKv("b", "2", 1, 1, 1)).addKvs(protoKv("a", "1", 2, 2, 1)).setMore(true).setCount(5).build());
    assertThat(r.revision()).isEqualTo(12);
    assertThat(r.kvs()).extracting(KeyValue::keyUtf8).containsExactly("b", "a");
    assertThat(r.more()).isTrue();
    assertThat(r.count()).isEqualTo(5);
  }

  @Test
  void deleteResultKeepsCountAndPrevKvs() {
    DeleteResult r = ProtoCodec.deleteResult(4, DeleteRangeResponse.newBuilder().setDeleted(2)
        .addPrevKvs(protoKv("a", "1", 1, 1, 1)).addPrevKvs(protoKv("b", "2", 2, 3, 2)).build());
    assertThat(r).isEqualTo(new DeleteResult(4, 2, List.of(
        new KeyValue(b("a"), b("1"), 1, 1, 1), new KeyValue(b("b"), b("2"), 2, 3, 2))));
  }

  @Test
  void txnResultConvertsEachResponseInOrderAtTheTxnRevision() {
    TxnResult r = ProtoCodec.txnResult(8, TxnResponse.newBuilder().setSucceeded(false)
        .addResponses(ResponseOp.newBuilder().setRange(RangeResponse.newBuilder().setCount(1)
            .addKvs(protoKv("k", "v", 1, 2, 2))))
        .addResponses(ResponseOp.newBuilder().setPut(PutResponse.getDefaultInstance()))
        .addResponses(ResponseOp.newBuilder().setDeleteRange(DeleteRangeResponse.newBuilder().setDeleted(1)))
        .build());
    assertThat(r.succeeded()).isFalse();
    assertThat(r.results()).containsExactly(
        new GetResult(8, List.of(new KeyValue(b("k"), b("v"), 1, 2, 2)), false, 1),
        new PutResult(8, Optional.empty()),
        new DeleteResult(8, 1, List.of()));
  }

  @Test
  void emptyResponseOpIsAnError() {
    TxnResponse bad = TxnResponse.newBuilder().addResponses(ResponseOp.getDefaultInstance()).build();
    assertThatThrownBy(() -> ProtoCodec.txnResult(1, bad)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void ratisMessageRoundTrips() {
    LogEntryPayload payload = LogEntryPayload.newBuilder()
        .addCommands(WriteCommand.newBuilder().setPut(ProtoCodec.put(b("k"), b("v"), false))).build();
    ByteBuffer content = ProtoCodec.content(ProtoCodec.toRatis(payload));
    LogEntryPayload parsed = ProtoCodec.parse(LogEntryPayload::parseFrom, content);
    assertThat(parsed).isEqualTo(payload);
  }

  @Test
  void undecodableMessageIsAnIllegalState() {
    ByteBuffer truncated = ByteBuffer.wrap(new byte[] {0x0a, 0x05, 0x01});
    assertThatThrownBy(() -> ProtoCodec.parse(LogEntryPayload::parseFrom, truncated))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("undecodable");
  }
}
