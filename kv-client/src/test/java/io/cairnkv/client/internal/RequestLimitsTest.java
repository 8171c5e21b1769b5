package io.cairnkv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairnkv.proto.Compare;
import io.cairnkv.proto.DeleteRangeRequest;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RequestOp;
import io.cairnkv.proto.TxnRequest;
import io.cairnkv.proto.WriteCommand;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RequestLimitsTest {
  private static final RequestLimits LIMITS = RequestLimits.DEFAULTS;
  private static final int KEY_MAX = 8 * 1024;
  private static final int VALUE_MAX = 1024 * 1024;
  private static final int TXN_MAX = 1024;
  private static final int REQUEST_MAX = 4 * 1024 * 1024;
  private static final ByteString KEY = ByteString.copyFromUtf8("k");
  private static final ByteString TO_END = ByteString.copyFrom(new byte[] {0});

  private static ByteString filled(int size) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) 'x');
    return ByteString.copyFrom(b);
  }

  private static PutRequest put(ByteString key, ByteString value) {
    return PutRequest.newBuilder().setKey(key).setValue(value).build();
  }

  private static WriteCommand cmd(PutRequest put) {
    return WriteCommand.newBuilder().setPut(put).build();
  }

  private static WriteCommand cmd(DeleteRangeRequest delete) {
    return WriteCommand.newBuilder().setDeleteRange(delete).build();
  }

  private static WriteCommand cmd(TxnRequest txn) {
    return WriteCommand.newBuilder().setTxn(txn).build();
  }

  private static RequestOp op(PutRequest put) {
    return RequestOp.newBuilder().setPut(put).build();
  }

  private static WriteCommand txnThen(RequestOp... ops) {
    return cmd(TxnRequest.newBuilder().addAllSuccess(Arrays.asList(ops)).build());
  }

  private static Compare versionEquals(ByteString key) {
    return Compare.newBuilder().setKey(key).setTarget(Compare.Target.VERSION).setVersion(1).build();
  }

  private static void assertAccepted(WriteCommand command) {
    assertThat(LIMITS.violation(command)).isEmpty();
  }

  private static void assertRejected(WriteCommand command, String... parts) {
    assertThat(LIMITS.violation(command)).hasValueSatisfying(m -> assertThat(m).contains(parts));
  }

  @Test
  void emptyPutKeyIsRejected() {
    assertRejected(cmd(put(ByteString.EMPTY, KEY)), "put: key is empty");
  }

  @Test
  void keyIsLimitedTo8KiB() {
    assertAccepted(cmd(put(filled(KEY_MAX), KEY)));
    assertRejected(cmd(put(filled(KEY_MAX + 1), KEY)), "8193 bytes", "limit of 8192", "limits.key-max-bytes");
  }

  @Test
  void valueIsLimitedTo1MiB() {
    assertAccepted(cmd(put(KEY, filled(VALUE_MAX))));
    assertRejected(cmd(put(KEY, filled(VALUE_MAX + 1))), "1048577 bytes", "limit of 1048576",
        "limits.value-max-bytes");
  }

  @Test
  void compareWithUnknownOperatorOrTargetIsRejected() {
    Compare known = Compare.newBuilder().setKey(KEY).setTarget(Compare.Target.VERSION).setVersion(1).build();
    assertAccepted(cmd(TxnRequest.newBuilder().addCompare(known).build()));
    assertRejected(cmd(TxnRequest.newBuilder().addCompare(known.toBuilder().setResultValue(9)).build()),
        "unknown operator 9");
    assertRejected(cmd(TxnRequest.newBuilder().addCompare(known.toBuilder().setTargetValue(-2)).build()),
        "unknown target -2");
  }

  @Test
  void emptyValueIsAllowed() {
    assertAccepted(cmd(put(KEY, ByteString.EMPTY)));
  }

  @Test
  void txnBranchIsLimitedTo1024Ops() {
    RequestOp[] ops = java.util.stream.IntStream.range(0, TXN_MAX)
        .mapToObj(i -> op(put(ByteString.copyFromUtf8("k" + i), KEY))).toArray(RequestOp[]::new);
    assertAccepted(txnThen(ops));
    TxnRequest.Builder over = TxnRequest.newBuilder().addAllSuccess(Arrays.asList(ops)).addSuccess(op(put(KEY, KEY)));
    assertRejected(cmd(over.build()), "1025 operations", "limit of 1024", "limits.txn-max-ops");
    TxnRequest.Builder overElse = TxnRequest.newBuilder().addAllFailure(Arrays.asList(ops))
        .addFailure(op(put(KEY, KEY)));
    assertRejected(cmd(overElse.build()), "1025 operations", "limits.txn-max-ops");
  }

  @Test
  void txnComparesAreLimitedTo1024() {
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    for (int i = 0; i < TXN_MAX; i++) {
      txn.addCompare(versionEquals(KEY));
    }
    assertAccepted(cmd(txn.build()));
    assertRejected(cmd(txn.addCompare(versionEquals(KEY)).build()), "1025 compares", "limit of 1024",
        "limits.txn-max-ops");
  }

  @Test
  void requestIsLimitedTo4MiB() {
    RequestOp bigPut = op(put(KEY, filled(VALUE_MAX)));
    WriteCommand command = txnThen(bigPut, bigPut, bigPut, bigPut, bigPut);
    int size = command.getSerializedSize();
    assertThat(size).isGreaterThan(REQUEST_MAX);
    assertRejected(command, "request is " + size + " bytes", "limit of 4194304", "limits.request-max-bytes");
  }

  @Test
  void requestExactlyAtTheLimitIsAccepted() {
    WriteCommand command = cmd(put(KEY, filled(1000)));
    int size = command.getSerializedSize();
    RequestLimits exact = new RequestLimits(KEY_MAX, VALUE_MAX, TXN_MAX, size);
    assertThat(exact.violation(command)).isEmpty();
    RequestLimits below = new RequestLimits(KEY_MAX, VALUE_MAX, TXN_MAX, size - 1);
    assertThat(below.violation(command)).hasValueSatisfying(m -> assertThat(m).contains(size + " bytes"));
  }

  @Test
  void opsInsideTxnAreChecked() {
    assertRejected(txnThen(op(put(filled(KEY_MAX + 1), KEY))), "put", "limits.key-max-bytes");
    assertRejected(txnThen(op(put(KEY, filled(VALUE_MAX + 1)))), "limits.value-max-bytes");
    assertRejected(cmd(TxnRequest.newBuilder().addFailure(op(put(ByteString.EMPTY, KEY))).build()), "key is empty");
    RequestOp emptyRead = RequestOp.newBuilder().setRange(RangeRequest.getDefaultInstance()).build();
    assertRejected(txnThen(emptyRead), "read: key is empty");
    RequestOp longDeleteEnd = RequestOp.newBuilder().setDeleteRange(DeleteRangeRequest.newBuilder()
        .setKey(KEY).setRangeEnd(filled(KEY_MAX + 1))).build();
    assertRejected(txnThen(longDeleteEnd), "delete range end", "8193 bytes", "limits.key-max-bytes");
    assertRejected(txnThen(RequestOp.getDefaultInstance()), "empty operation");
  }

  @Test
  void txnCompareKeysAreChecked() {
    assertRejected(cmd(TxnRequest.newBuilder().addCompare(versionEquals(ByteString.EMPTY)).build()),
        "txn compare: key is empty");
    assertRejected(cmd(TxnRequest.newBuilder().addCompare(versionEquals(filled(KEY_MAX + 1))).build()),
        "txn compare", "8193 bytes", "limits.key-max-bytes");
  }

  @Test
  void emptyRangeKeyIsAllowedOnlyWithRangeEnd() {
    assertThat(LIMITS.violation(RangeRequest.newBuilder().setRangeEnd(TO_END).build())).isEmpty();
    assertThat(LIMITS.violation(RangeRequest.getDefaultInstance()))
        .hasValueSatisfying(m -> assertThat(m).contains("read: key is empty"));
    assertAccepted(cmd(DeleteRangeRequest.newBuilder().setRangeEnd(TO_END).build()));
    assertRejected(cmd(DeleteRangeRequest.getDefaultInstance()), "delete: key is empty");
  }

  @Test
  void rangeKeysAreSizeChecked() {
    assertThat(LIMITS.violation(RangeRequest.newBuilder().setKey(filled(KEY_MAX)).setRangeEnd(filled(KEY_MAX))
        .build())).isEmpty();
    assertThat(LIMITS.violation(RangeRequest.newBuilder().setKey(KEY).setRangeEnd(filled(KEY_MAX + 1)).build()))
        .hasValueSatisfying(m -> assertThat(m).contains("read range end", "8193 bytes", "limits.key-max-bytes"));
  }

  @Test
  void emptyCommandIsRejected() {
    assertRejected(WriteCommand.getDefaultInstance(), "empty write command");
  }

  @Test
  void nonPositiveLimitIsRejectedNamingItsKey() {
    assertThatThrownBy(() -> new RequestLimits(KEY_MAX, 0, TXN_MAX, REQUEST_MAX))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits.value-max-bytes");
    assertThatThrownBy(() -> new RequestLimits(-1, VALUE_MAX, TXN_MAX, REQUEST_MAX))
        .hasMessageContaining("limits.key-max-bytes");
  }

  @Test
  void keyWrittenTwiceInOneBranchIsRejectedButOnceInEachBranchIsFine() {
    assertThat(LIMITS.violation(txnThen(op(put(KEY, KEY)), op(put(KEY, KEY)))))
        .get().asString().contains("written more than once").contains("'k'");
    WriteCommand delThenPut = txnThen(
        RequestOp.newBuilder().setDeleteRange(DeleteRangeRequest.newBuilder().setKey(KEY)).build(), op(put(KEY, KEY)));
    assertThat(LIMITS.violation(delThenPut)).get().asString().contains("written more than once");
    WriteCommand eachBranch = cmd(TxnRequest.newBuilder().addSuccess(op(put(KEY, KEY))).addFailure(op(put(KEY, KEY)))
        .build());
    assertThat(LIMITS.violation(eachBranch)).isEmpty();
  }
}
