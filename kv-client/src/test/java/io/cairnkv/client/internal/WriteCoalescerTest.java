package io.cairnkv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.ResponseHeader;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WriteCoalescerTest {
  /** Records each payload and completes it only when the test says so. */
  private static final class FakeLog {
    final List<LogEntryPayload> sent = new ArrayList<>();
    final List<CompletableFuture<LogEntryResult>> replies = new ArrayList<>();
    long revision;

    synchronized CompletableFuture<LogEntryResult> send(LogEntryPayload payload) {
      sent.add(payload);
      CompletableFuture<LogEntryResult> reply = new CompletableFuture<>();
      replies.add(reply);
      return reply;
    }

    /** Applies payload {@code i}: one revision per command, keys starting with "bad" fail validation. */
    void apply(int i) {
      LogEntryPayload payload;
      CompletableFuture<LogEntryResult> reply;
      synchronized (this) {
        payload = sent.get(i);
        reply = replies.get(i);
      }
      boolean anyBad = payload.getCommandsList().stream().anyMatch(c -> c.getPut().getKey().toStringUtf8().startsWith("bad"));
      if (anyBad) {
        reply.completeExceptionally(new CompletionException(KvException.of(StatusCode.INVALID_ARGUMENT, "bad key", null)));
        return;
      }
      LogEntryResult.Builder out = LogEntryResult.newBuilder();
      for (WriteCommand ignored : payload.getCommandsList()) {
        out.addResults(WriteResult.newBuilder().setStatus(WireStatus.OK)
            .setHeader(ResponseHeader.newBuilder().setRevision(++revision)));
      }
      reply.complete(out.build());
    }
  }

  private static WriteCommand put(String key) {
    return WriteCommand.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8("v"))).build();
  }

  @Test
  void anIdleClientSendsEachWriteAtOnce() {
    FakeLog log = new FakeLog();
    WriteCoalescer coalescer = new WriteCoalescer(log::send, 1, 100, 1 << 20);
    CompletableFuture<WriteResult> a = coalescer.submit(put("a"));
    assertThat(log.sent).hasSize(1);
    log.apply(0);
    assertThat(a.join().getHeader().getRevision()).isEqualTo(1);
    CompletableFuture<WriteResult> b = coalescer.submit(put("b"));
    assertThat(log.sent).hasSize(2);
    log.apply(1);
    assertThat(b.join().getHeader().getRevision()).isEqualTo(2);
  }

  @Test
  void writesWaitingBehindAFullPipelineShareTheNextEntryInOrder() {
    FakeLog log = new FakeLog();
    WriteCoalescer coalescer = new WriteCoalescer(log::send, 1, 100, 1 << 20);
    CompletableFuture<WriteResult> first = coalescer.submit(put("k0"));
    List<CompletableFuture<WriteResult>> waiting = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      waiting.add(coalescer.submit(put("k" + i)));
    }
    assertThat(log.sent).hasSize(1);
    log.apply(0);
    assertThat(first.join().getHeader().getRevision()).isEqualTo(1);
    assertThat(log.sent).hasSize(2);
    assertThat(log.sent.get(1).getCommandsList()).extracting(c -> c.getPut().getKey().toStringUtf8())
        .containsExactly("k1", "k2", "k3", "k4", "k5");
    log.apply(1);
    for (int i = 0; i < 5; i++) {
      assertThat(waiting.get(i).join().getHeader().getRevision()).isEqualTo(2 + i);
    }
  }

  @Test
  void batchesRespectTheCommandAndByteLimits() {
    FakeLog log = new FakeLog();
    int oneCommand = put("k1").getSerializedSize();
    WriteCoalescer coalescer = new WriteCoalescer(log::send, 1, 3, oneCommand * 2);
    coalescer.submit(put("k0"));
    for (int i = 1; i <= 5; i++) {
      coalescer.submit(put("k" + i));
    }
    log.apply(0);
    assertThat(log.sent.get(1).getCommandsCount()).isEqualTo(2);
    log.apply(1);
    assertThat(log.sent.get(2).getCommandsCount()).isEqualTo(2);
    log.apply(2);
    assertThat(log.sent.get(3).getCommandsCount()).isEqualTo(1);
  }

  @Test
  void aBatchRejectedAsInvalidIsResentOneByOneSoOnlyTheBadWriteFails() {
    FakeLog log = new FakeLog();
    WriteCoalescer coalescer = new WriteCoalescer(log::send, 1, 100, 1 << 20);
    coalescer.submit(put("k0"));
    CompletableFuture<WriteResult> good1 = coalescer.submit(put("good1"));
    CompletableFuture<WriteResult> bad = coalescer.submit(put("bad"));
    CompletableFuture<WriteResult> good2 = coalescer.submit(put("good2"));
    log.apply(0);
    log.apply(1); // the batch of three is rejected whole
    assertThat(log.sent).hasSize(5);
    log.apply(2);
    log.apply(3);
    log.apply(4);
    assertThat(good1.join().getStatus()).isEqualTo(WireStatus.OK);
    assertThat(good2.join().getStatus()).isEqualTo(WireStatus.OK);
    assertThat(bad).isCompletedExceptionally();
    assertThat(bad.handle((r, e) -> e).join()).isInstanceOf(KvException.InvalidArgumentException.class);
  }

  @Test
  void anUnavailableClusterFailsEveryWriteOfTheBatch() {
    FakeLog log = new FakeLog();
    WriteCoalescer coalescer = new WriteCoalescer(log::send, 1, 100, 1 << 20);
    coalescer.submit(put("k0"));
    CompletableFuture<WriteResult> a = coalescer.submit(put("a"));
    CompletableFuture<WriteResult> b = coalescer.submit(put("b"));
    log.apply(0);
    log.replies.get(1).completeExceptionally(KvException.of(StatusCode.UNAVAILABLE, "down", null));
    assertThat(a.handle((r, e) -> e).join()).isInstanceOf(KvException.UnavailableException.class);
    assertThat(b.handle((r, e) -> e).join()).isInstanceOf(KvException.UnavailableException.class);
    assertThat(log.sent).as("no resend of a batch whose outcome is unknown").hasSize(2);
  }
}
