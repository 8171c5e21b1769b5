package io.cairnkv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairnkv.client.KvException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.proto.BatchReadResponse;
import io.cairnkv.proto.KeyValue;
import io.cairnkv.proto.RangeRequest;
import io.cairnkv.proto.RangeResponse;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.WireStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReadCoalescerTest {
  /** Records each query and answers it only when the test says so. */
  private static final class FakeReads {
    final List<ReadQuery> sent = new ArrayList<>();
    final List<CompletableFuture<ReadResult>> replies = new ArrayList<>();

    synchronized CompletableFuture<ReadResult> send(ReadQuery query) {
      sent.add(query);
      CompletableFuture<ReadResult> reply = new CompletableFuture<>();
      replies.add(reply);
      return reply;
    }

    /** Answers query {@code i}: each key reads back as itself, keys starting with "bad" fail alone. */
    void answer(int i) {
      ReadQuery query;
      CompletableFuture<ReadResult> reply;
      synchronized (this) {
        query = sent.get(i);
        reply = replies.get(i);
      }
      if (query.hasRange()) {
        reply.complete(result(query.getRange()));
        return;
      }
      BatchReadResponse.Builder out = BatchReadResponse.newBuilder();
      query.getBatch().getRangesList().forEach(r -> out.addResults(result(r)));
      reply.complete(ReadResult.newBuilder().setStatus(WireStatus.OK).setBatch(out).build());
    }

    private static ReadResult result(RangeRequest r) {
      if (r.getKey().toStringUtf8().startsWith("bad")) {
        return ReadResult.newBuilder().setStatus(WireStatus.INVALID_ARGUMENT).setError("bad key").build();
      }
      return ReadResult.newBuilder().setStatus(WireStatus.OK)
          .setRange(RangeResponse.newBuilder().addKvs(KeyValue.newBuilder().setKey(r.getKey()).setValue(r.getKey())))
          .build();
    }
  }

  private static RangeRequest get(String key) {
    return RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build();
  }

  private static String value(CompletableFuture<ReadResult> f) throws Exception {
    return f.get().getRange().getKvs(0).getValue().toStringUtf8();
  }

  @Test
  void anIdleClientSendsEachReadAtOnceAsAPlainRange() throws Exception {
    FakeReads reads = new FakeReads();
    ReadCoalescer coalescer = new ReadCoalescer(reads::send, 2, 100);
    CompletableFuture<ReadResult> a = coalescer.submit(get("a"));
    assertThat(reads.sent).hasSize(1);
    assertThat(reads.sent.get(0).hasRange()).isTrue();
    reads.answer(0);
    assertThat(value(a)).isEqualTo("a");
  }

  @Test
  void readsWaitingBehindFullSlotsShareOneBatchAndKeepTheirOwnResults() throws Exception {
    FakeReads reads = new FakeReads();
    ReadCoalescer coalescer = new ReadCoalescer(reads::send, 1, 100);
    CompletableFuture<ReadResult> first = coalescer.submit(get("first"));
    CompletableFuture<ReadResult> x = coalescer.submit(get("x"));
    CompletableFuture<ReadResult> bad = coalescer.submit(get("bad"));
    CompletableFuture<ReadResult> y = coalescer.submit(get("y"));
    assertThat(reads.sent).hasSize(1);
    assertThat(x).isNotDone();

    reads.answer(0);
    // Only now, after the waiting reads were invoked, does their batch go out.
    assertThat(reads.sent).hasSize(2);
    assertThat(reads.sent.get(1).getBatch().getRangesList()).extracting(r -> r.getKey().toStringUtf8())
        .containsExactly("x", "bad", "y");
    reads.answer(1);
    assertThat(value(first)).isEqualTo("first");
    assertThat(value(x)).isEqualTo("x");
    assertThat(value(y)).isEqualTo("y");
    assertThat(bad.get().getStatus()).isEqualTo(WireStatus.INVALID_ARGUMENT);
  }

  @Test
  void batchesAreCappedAtMaxBatch() {
    FakeReads reads = new FakeReads();
    ReadCoalescer coalescer = new ReadCoalescer(reads::send, 1, 2);
    coalescer.submit(get("k0"));
    for (int i = 1; i <= 5; i++) {
      coalescer.submit(get("k" + i));
    }
    reads.answer(0);
    reads.answer(1);
    reads.answer(2);
    assertThat(reads.sent).extracting(q -> q.hasRange() ? 1 : q.getBatch().getRangesCount())
        .containsExactly(1, 2, 2, 1);
  }

  @Test
  void aFailedRequestFailsEveryReadInItWithTheSameCause() {
    FakeReads reads = new FakeReads();
    ReadCoalescer coalescer = new ReadCoalescer(reads::send, 1, 100);
    coalescer.submit(get("first"));
    CompletableFuture<ReadResult> a = coalescer.submit(get("a"));
    CompletableFuture<ReadResult> b = coalescer.submit(get("b"));
    reads.answer(0);
    KvException down = KvException.of(StatusCode.UNAVAILABLE, "no leader", null);
    reads.replies.get(1).completeExceptionally(new CompletionException(down));
    assertThatThrownBy(a::get).isInstanceOf(ExecutionException.class).hasCause(down);
    assertThatThrownBy(b::get).isInstanceOf(ExecutionException.class).hasCause(down);
  }

  @Test
  void aWholeRequestErrorReachesEveryReadAndAWrongCountIsInternal() throws Exception {
    FakeReads reads = new FakeReads();
    ReadCoalescer coalescer = new ReadCoalescer(reads::send, 1, 100);
    coalescer.submit(get("first"));
    CompletableFuture<ReadResult> a = coalescer.submit(get("a"));
    CompletableFuture<ReadResult> b = coalescer.submit(get("b"));
    reads.answer(0);
    ReadResult unavailable = ReadResult.newBuilder().setStatus(WireStatus.UNAVAILABLE).setError("installing").build();
    reads.replies.get(1).complete(unavailable);
    assertThat(a.get()).isEqualTo(unavailable);
    assertThat(b.get()).isEqualTo(unavailable);

    CompletableFuture<ReadResult> c = coalescer.submit(get("c"));
    CompletableFuture<ReadResult> d = coalescer.submit(get("d"));
    CompletableFuture<ReadResult> e = coalescer.submit(get("e"));
    reads.answer(2);
    reads.replies.get(3).complete(ReadResult.newBuilder().setStatus(WireStatus.OK)
        .setBatch(BatchReadResponse.newBuilder().addResults(ReadResult.getDefaultInstance())).build());
    assertThatThrownBy(d::get).hasCauseInstanceOf(KvException.class).hasMessageContaining("1 results for 2 reads");
    assertThatThrownBy(e::get).hasMessageContaining("1 results for 2 reads");
    assertThat(value(c)).isEqualTo("c");
  }
}
