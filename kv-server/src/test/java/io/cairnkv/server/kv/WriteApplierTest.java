package io.cairnkv.server.kv;

import static io.cairnkv.proto.Compare.Result.EQUAL;
import static io.cairnkv.proto.Compare.Result.GREATER;
import static io.cairnkv.proto.Compare.Result.LESS;
import static io.cairnkv.proto.Compare.Result.NOT_EQUAL;
import static io.cairnkv.proto.Compare.Target.CREATE_REVISION;
import static io.cairnkv.proto.Compare.Target.MOD_REVISION;
import static io.cairnkv.proto.Compare.Target.VERSION;
import static io.cairnkv.server.testing.Commands.TO_END;
import static io.cairnkv.server.testing.Commands.compare;
import static io.cairnkv.server.testing.Commands.compareValue;
import static io.cairnkv.server.testing.Commands.delete;
import static io.cairnkv.server.testing.Commands.deleteOp;
import static io.cairnkv.server.testing.Commands.deleteRange;
import static io.cairnkv.server.testing.Commands.getOp;
import static io.cairnkv.server.testing.Commands.put;
import static io.cairnkv.server.testing.Commands.putOp;
import static io.cairnkv.server.testing.Commands.putPrevKv;
import static io.cairnkv.server.testing.Commands.txn;
import static io.cairnkv.server.testing.Stores.dump;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.proto.Compare;
import io.cairnkv.proto.KeyValue;
import io.cairnkv.proto.ResponseOp;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.storage.AppliedState;
import io.cairnkv.server.storage.KvWriteTxn;
import io.cairnkv.server.storage.RocksKvEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WriteApplierTest {
  private static final long TERM = 2;

  @TempDir
  Path dir;
  private RocksKvEngine engine;
  private long index;

  @BeforeEach
  void open() {
    engine = RocksKvEngine.open(dir);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  /** Applies {@code commands} as one log entry, the way the state machine does, and commits it. */
  private List<WriteResult> entry(WriteCommand... commands) {
    index++;
    List<WriteResult> results = new ArrayList<>();
    try (KvWriteTxn txn = engine.beginWrite()) {
      WriteApplier applier = new WriteApplier(txn, engine.appliedState().revision(), "m1");
      for (WriteCommand command : commands) {
        results.add(applier.apply(command, TERM, index));
      }
      applier.commit(TERM, index);
    }
    return results;
  }

  /** Applies one command in its own entry. */
  private WriteResult apply(WriteCommand command) {
    WriteResult result = entry(command).get(0);
    assertThat(result.getStatus()).isEqualTo(WireStatus.OK);
    return result;
  }

  private long revision() {
    return engine.appliedState().revision();
  }

  private boolean holds(Compare compare) {
    return apply(txn(List.of(compare), List.of(), List.of())).getTxn().getSucceeded();
  }

  private static String kv(KeyValue kv) {
    return kv.getKey().toStringUtf8() + "=" + kv.getValue().toStringUtf8() + "@" + kv.getCreateRevision() + "/"
        + kv.getModRevision() + "/v" + kv.getVersion();
  }

  @Test
  void putCreatesThenUpdatesWithRevisionsAndVersions() {
    WriteResult first = apply(put("k", "a"));
    assertThat(first.getHeader().getRevision()).isEqualTo(1);
    assertThat(dump(engine)).containsEntry("k", "a@1/1/v1");
    apply(put("other", "x"));
    WriteResult third = apply(put("k", "b"));
    assertThat(third.getHeader().getRevision()).isEqualTo(3);
    assertThat(dump(engine)).containsEntry("k", "b@1/3/v2").containsEntry("other", "x@2/2/v1");
    assertThat(engine.appliedState()).isEqualTo(new AppliedState(TERM, 3, 3));
  }

  @Test
  void headerNamesMemberTermAndIndex() {
    apply(put("k", "a"));
    WriteResult r = apply(put("k", "b"));
    assertThat(r.getHeader().getMemberId()).isEqualTo("m1");
    assertThat(r.getHeader().getRaftTerm()).isEqualTo(TERM);
    assertThat(r.getHeader().getAppliedIndex()).isEqualTo(2);
  }

  @Test
  void putReturnsPrevKvOnlyWhenAskedAndPresent() {
    assertThat(apply(putPrevKv("k", "a")).getPut().hasPrevKv()).isFalse();
    assertThat(apply(put("k", "b")).getPut().hasPrevKv()).isFalse();
    assertThat(kv(apply(putPrevKv("k", "c")).getPut().getPrevKv())).isEqualTo("k=b@1/2/v2");
  }

  @Test
  void deleteOfMissingKeyChangesNothing() {
    apply(put("k", "a"));
    WriteResult r = apply(delete("missing"));
    assertThat(r.getDeleteRange().getDeleted()).isZero();
    assertThat(r.getHeader().getRevision()).isEqualTo(1);
    assertThat(revision()).isEqualTo(1);
    assertThat(engine.appliedState().index()).isEqualTo(2);
  }

  @Test
  void deleteThenRecreateStartsANewGeneration() {
    apply(put("k", "a"));
    apply(put("k", "b"));
    WriteResult del = apply(delete("k"));
    assertThat(del.getDeleteRange().getDeleted()).isEqualTo(1);
    assertThat(del.getHeader().getRevision()).isEqualTo(3);
    assertThat(dump(engine)).isEmpty();
    apply(put("k", "c"));
    assertThat(dump(engine)).containsEntry("k", "c@4/4/v1");
  }

  @Test
  void deleteRangeCountsAndReturnsPrevKvsInKeyOrder() {
    for (String k : new String[] {"a", "b", "c", "d"}) {
      apply(put(k, k));
    }
    WriteResult r = apply(deleteRange("b", "d", true));
    assertThat(r.getDeleteRange().getDeleted()).isEqualTo(2);
    assertThat(r.getDeleteRange().getPrevKvsList()).extracting(WriteApplierTest::kv)
        .containsExactly("b=b@2/2/v1", "c=c@3/3/v1");
    assertThat(r.getHeader().getRevision()).isEqualTo(5);
    assertThat(dump(engine)).containsOnlyKeys("a", "d");
  }

  @Test
  void deleteRangeWithoutPrevKvReturnsOnlyTheCount() {
    apply(put("a", "1"));
    apply(put("b", "2"));
    WriteResult r = apply(deleteRange("a", TO_END, false));
    assertThat(r.getDeleteRange().getDeleted()).isEqualTo(2);
    assertThat(r.getDeleteRange().getPrevKvsCount()).isZero();
    assertThat(dump(engine)).isEmpty();
  }

  @Test
  void deletePrefixRemovesOnlyThePrefix() {
    for (String k : new String[] {"dir", "dir/a", "dir/b", "dir0", "dis"}) {
      apply(put(k, "x"));
    }
    // The client turns prefix "dir/" into [dir/, dir0).
    WriteResult r = apply(deleteRange("dir/", "dir0", false));
    assertThat(r.getDeleteRange().getDeleted()).isEqualTo(2);
    assertThat(dump(engine)).containsOnlyKeys("dir", "dir0", "dis");
  }

  @Test
  void emptyDeleteRangeChangesNothing() {
    apply(put("a", "1"));
    WriteResult r = apply(deleteRange("x", "z", true));
    assertThat(r.getDeleteRange().getDeleted()).isZero();
    assertThat(revision()).isEqualTo(1);
  }

  @Test
  void txnRunsThenBranchWhenCompareHolds() {
    apply(put("k", "a"));
    WriteResult r = apply(txn(List.of(compare("k", VERSION, EQUAL, 1)),
        List.of(putOp("k", "then")), List.of(putOp("k", "else"))));
    assertThat(r.getTxn().getSucceeded()).isTrue();
    assertThat(r.getTxn().getResponsesList()).extracting(ResponseOp::getResponseCase)
        .containsExactly(ResponseOp.ResponseCase.PUT);
    assertThat(r.getHeader().getRevision()).isEqualTo(2);
    assertThat(dump(engine)).containsEntry("k", "then@1/2/v2");
  }

  @Test
  void txnRunsElseBranchWhenCompareFails() {
    apply(put("k", "a"));
    WriteResult r = apply(txn(List.of(compare("k", VERSION, EQUAL, 5)),
        List.of(putOp("k", "then")), List.of(putOp("k", "else"), putOp("flag", "set"))));
    assertThat(r.getTxn().getSucceeded()).isFalse();
    assertThat(r.getTxn().getResponsesCount()).isEqualTo(2);
    assertThat(dump(engine)).containsEntry("k", "else@1/2/v2").containsEntry("flag", "set@2/2/v1");
  }

  @Test
  void failedCompareWithoutElseWritesChangesNoRevision() {
    apply(put("k", "a"));
    WriteResult r = apply(txn(List.of(compareValue("k", EQUAL, "other")), List.of(putOp("k", "then")), List.of()));
    assertThat(r.getTxn().getSucceeded()).isFalse();
    assertThat(r.getHeader().getRevision()).isEqualTo(1);
    assertThat(revision()).isEqualTo(1);
    assertThat(dump(engine)).containsEntry("k", "a@1/1/v1");
  }

  @Test
  void readOnlyTxnChangesNoRevision() {
    apply(put("k", "a"));
    WriteResult r = apply(txn(List.of(), List.of(getOp("k")), List.of()));
    assertThat(r.getTxn().getSucceeded()).isTrue();
    assertThat(kv(r.getTxn().getResponses(0).getRange().getKvs(0))).isEqualTo("k=a@1/1/v1");
    assertThat(revision()).isEqualTo(1);
  }

  @Test
  void compareOnMissingKeySeesZeroMetadataAndNoValue() {
    assertThat(holds(compareValue("missing", EQUAL, ""))).isFalse();
    assertThat(holds(compareValue("missing", NOT_EQUAL, "x"))).isFalse();
    assertThat(holds(compareValue("missing", LESS, "x"))).isFalse();
    assertThat(holds(compare("missing", VERSION, EQUAL, 0))).isTrue();
    assertThat(holds(compare("missing", CREATE_REVISION, EQUAL, 0))).isTrue();
    assertThat(holds(compare("missing", MOD_REVISION, EQUAL, 0))).isTrue();
    assertThat(holds(compare("missing", VERSION, GREATER, 0))).isFalse();
  }

  @Test
  void numericComparesUseEachOperator() {
    apply(put("other", "x"));
    apply(put("k", "a"));
    apply(put("k", "b")); // k: create 2, mod 3, version 2
    assertThat(holds(compare("k", VERSION, EQUAL, 2))).isTrue();
    assertThat(holds(compare("k", VERSION, NOT_EQUAL, 2))).isFalse();
    assertThat(holds(compare("k", VERSION, NOT_EQUAL, 1))).isTrue();
    assertThat(holds(compare("k", VERSION, LESS, 3))).isTrue();
    assertThat(holds(compare("k", VERSION, LESS, 2))).isFalse();
    assertThat(holds(compare("k", VERSION, GREATER, 1))).isTrue();
    assertThat(holds(compare("k", VERSION, GREATER, 2))).isFalse();
    assertThat(holds(compare("k", CREATE_REVISION, EQUAL, 2))).isTrue();
    assertThat(holds(compare("k", CREATE_REVISION, LESS, 2))).isFalse();
    assertThat(holds(compare("k", MOD_REVISION, EQUAL, 3))).isTrue();
    assertThat(holds(compare("k", MOD_REVISION, GREATER, 2))).isTrue();
  }

  @Test
  void valueComparesAreBytewiseUnsigned() {
    apply(put("k", "b"));
    assertThat(holds(compareValue("k", EQUAL, "b"))).isTrue();
    assertThat(holds(compareValue("k", NOT_EQUAL, "b"))).isFalse();
    assertThat(holds(compareValue("k", LESS, "c"))).isTrue();
    assertThat(holds(compareValue("k", LESS, "b"))).isFalse();
    assertThat(holds(compareValue("k", GREATER, "a"))).isTrue();
    assertThat(holds(compareValue("k", GREATER, "bb"))).isFalse(); // a prefix is smaller
    apply(put("hi", "\u0080")); // UTF-8 0xc2 0x80: above every ASCII byte when unsigned
    assertThat(holds(compareValue("hi", GREATER, "\u007f"))).isTrue();
  }

  @Test
  void allComparesMustHold() {
    apply(put("a", "1"));
    WriteResult r = apply(txn(List.of(compareValue("a", EQUAL, "1"), compare("b", VERSION, GREATER, 0)),
        List.of(putOp("a", "then")), List.of()));
    assertThat(r.getTxn().getSucceeded()).isFalse();
  }

  @Test
  void txnReadsSeeEarlierWritesOfTheSameTxn() {
    apply(put("gone", "x"));
    WriteResult r = apply(txn(List.of(), List.of(putOp("k", "v1"), putOp("k2", "v2"), getOp("k"),
        deleteOp("gone", null), getOp("gone")), List.of()));
    List<ResponseOp> responses = r.getTxn().getResponsesList();
    assertThat(kv(responses.get(2).getRange().getKvs(0))).isEqualTo("k=v1@2/2/v1");
    assertThat(responses.get(3).getDeleteRange().getDeleted()).isEqualTo(1);
    assertThat(responses.get(4).getRange().getCount()).isZero();
  }

  @Test
  void txnDeleteRangeSeesKeysPutEarlierInTheTxn() {
    WriteResult r = apply(txn(List.of(), List.of(putOp("p/a", "1"), putOp("p/b", "2"), deleteOp("p/", "p0")),
        List.of()));
    assertThat(r.getTxn().getResponses(2).getDeleteRange().getDeleted()).isEqualTo(2);
    assertThat(dump(engine)).isEmpty();
  }

  @Test
  void allKeysWrittenByATxnShareOneModRevision() {
    apply(put("a", "0"));
    WriteResult r = apply(txn(List.of(), List.of(putOp("a", "1"), putOp("b", "2"), putOp("c", "3")), List.of()));
    assertThat(r.getHeader().getRevision()).isEqualTo(2);
    assertThat(dump(engine)).isEqualTo(Map.of("a", "1@1/2/v2", "b", "2@2/2/v1", "c", "3@2/2/v1"));
  }

  @Test
  void eachCommandOfAnEntryGetsItsOwnRevision() {
    List<WriteResult> results = entry(put("a", "1"), delete("missing"), put("b", "2"),
        txn(List.of(), List.of(putOp("a", "3"), putOp("c", "4")), List.of()));
    assertThat(results).extracting(r -> r.getHeader().getRevision()).containsExactly(1L, 1L, 2L, 3L);
    assertThat(results).extracting(r -> r.getHeader().getAppliedIndex()).containsOnly(1L);
    assertThat(engine.appliedState()).isEqualTo(new AppliedState(TERM, 1, 3));
    assertThat(dump(engine)).isEqualTo(Map.of("a", "3@1/3/v2", "b", "2@2/2/v1", "c", "4@3/3/v1"));
  }

  @Test
  void emptyCommandIsRejectedWithoutUndoingEarlierCommandsOfTheEntry() {
    List<WriteResult> results = entry(put("a", "1"), WriteCommand.getDefaultInstance(), put("b", "2"));
    assertThat(results).extracting(WriteResult::getStatus)
        .containsExactly(WireStatus.OK, WireStatus.INVALID_ARGUMENT, WireStatus.OK);
    assertThat(results.get(1).getError()).contains("empty write command");
    assertThat(results.get(1).getHeader().getRevision()).isEqualTo(1);
    assertThat(dump(engine)).isEqualTo(Map.of("a", "1@1/1/v1", "b", "2@2/2/v1"));
  }
}
