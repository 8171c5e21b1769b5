package io.cairnkv.server.statemachine;

import static io.cairnkv.server.testing.Commands.payload;
import static io.cairnkv.server.testing.Commands.put;
import static io.cairnkv.server.testing.Commands.rangeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairnkv.client.internal.ProtoCodec;
import io.cairnkv.client.internal.RequestLimits;
import io.cairnkv.proto.BatchReadRequest;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.server.backup.BackupSessions;
import io.cairnkv.server.metrics.KvMetrics;
import io.cairnkv.server.storage.RocksKvEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A batch of point reads (the client's read coalescing) answered by query(): one result per read, in order. */
@Timeout(30)
class KvStateMachineBatchReadTest {
  @TempDir
  Path dir;
  private KvStateMachine sm;

  @BeforeEach
  void open() throws IOException {
    sm = new KvStateMachine(RocksKvEngine.factory(dir.resolve("store")), RequestLimits.DEFAULTS,
        new BackupSessions(dir.resolve("backups")), new KvMetrics(new SimpleMeterRegistry()));
    sm.openStore("n1");
  }

  @AfterEach
  void close() {
    sm.close();
  }

  private void apply(LogEntryPayload payload) throws IOException {
    RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(ClientId.randomId())
        .setServerId(RaftPeerId.valueOf("n1")).setGroupId(RaftGroupId.randomId()).setCallId(1)
        .setType(RaftClientRequest.writeRequestType()).setMessage(ProtoCodec.toRatis(payload)).build();
    TransactionContext trx = sm.startTransaction(request);
    trx.initLogEntry(1, 1);
    sm.applyTransaction(trx).join();
  }

  private ReadResult query(ReadQuery query) {
    return ProtoCodec.parse(ReadResult::parseFrom, ProtoCodec.content(sm.query(ProtoCodec.toRatis(query)).join()));
  }

  @Test
  void eachReadOfABatchGetsItsOwnResultInOrderAndABadOneFailsAlone() throws IOException {
    apply(payload(put("a", "1"), put("b", "2")));
    ReadQuery batch = ReadQuery.newBuilder().setBatch(BatchReadRequest.newBuilder()
        .addRanges(rangeRequest("b", ""))
        .addRanges(rangeRequest("missing", ""))
        .addRanges(rangeRequest("", ""))
        .addRanges(rangeRequest("a", ""))).build();

    ReadResult result = query(batch);

    assertThat(result.getStatus()).isEqualTo(WireStatus.OK);
    assertThat(result.getBatch().getResultsCount()).isEqualTo(4);
    ReadResult b = result.getBatch().getResults(0);
    assertThat(b.getStatus()).isEqualTo(WireStatus.OK);
    assertThat(b.getRange().getKvs(0).getValue().toStringUtf8()).isEqualTo("2");
    assertThat(b.getHeader().getRevision()).isEqualTo(2);
    assertThat(result.getBatch().getResults(1).getRange().getKvsCount()).isZero();
    assertThat(result.getBatch().getResults(2).getStatus()).isEqualTo(WireStatus.INVALID_ARGUMENT);
    assertThat(result.getBatch().getResults(3).getRange().getKvs(0).getValue().toStringUtf8()).isEqualTo("1");
  }
}
