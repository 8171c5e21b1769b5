package io.cairnkv.bench.jmh;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairnkv.bench.load.KeySpace;
import io.cairnkv.client.internal.ProtoCodec;
import io.cairnkv.proto.KeyValue;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.RangeResponse;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.ResponseHeader;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Protocol encoding and decoding on the request path: a {@link LogEntryPayload} of 1 or 100 puts
 * turned into a Ratis {@link Message} (as the client sends a write) and parsed back from the message's
 * read-only buffer (as {@code startTransaction} does), and a one-key {@link ReadResult} both ways (a get's
 * reply). Average time per operation, in nanoseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class CodecBenchmark {
  /** A write: a payload of {@link #commands} puts, and its encoded message. */
  @State(Scope.Benchmark)
  public static class Writes {
    /** Put commands in the payload. */
    @Param({"1", "100"})
    public int commands;

    /** Bytes per value. */
    @Param("256")
    public int valueSize;

    LogEntryPayload payload;
    Message message;

    /** Builds the payload and its encoded form. */
    @Setup(Level.Trial)
    public void build() {
      KeySpace keySpace = new KeySpace(commands);
      ByteString value = ByteString.copyFrom(new byte[valueSize]);
      LogEntryPayload.Builder b = LogEntryPayload.newBuilder();
      for (int i = 0; i < commands; i++) {
        b.addCommands(WriteCommand.newBuilder().setPut(PutRequest.newBuilder()
            .setKey(ByteString.copyFrom(keySpace.key(i))).setValue(value)));
      }
      payload = b.build();
      message = ProtoCodec.toRatis(payload);
    }
  }

  /** A get's reply: one key-value with its header, and its encoded message. */
  @State(Scope.Benchmark)
  public static class Reads {
    /** Bytes of the value read. */
    @Param("256")
    public int valueSize;

    ReadResult result;
    Message message;

    /** Builds the result and its encoded form. */
    @Setup(Level.Trial)
    public void build() {
      result = ReadResult.newBuilder().setStatus(WireStatus.OK)
          .setHeader(ResponseHeader.newBuilder().setRevision(123_456).setMemberId("n1").setRaftTerm(3)
              .setAppliedIndex(654_321))
          .setRange(RangeResponse.newBuilder().setCount(1).addKvs(KeyValue.newBuilder()
              .setKey(ByteString.copyFrom(new KeySpace(1).key(0))).setValue(ByteString.copyFrom(new byte[valueSize]))
              .setCreateRevision(5).setModRevision(123_000).setVersion(17)))
          .build();
      message = ProtoCodec.toRatis(result);
    }
  }

  /** Client side of a write: payload to Ratis message. */
  @Benchmark
  public Message encodePayload(Writes w) {
    return ProtoCodec.toRatis(w.payload);
  }

  /** Leader side of a write: Ratis message content to payload. */
  @Benchmark
  public LogEntryPayload decodePayload(Writes w) throws InvalidProtocolBufferException {
    return LogEntryPayload.parseFrom(w.message.getContent().asReadOnlyByteBuffer());
  }

  /** Server side of a get: read result to Ratis message. */
  @Benchmark
  public Message encodeReadResult(Reads r) {
    return ProtoCodec.toRatis(r.result);
  }

  /** Client side of a get: Ratis message to read result. */
  @Benchmark
  public ReadResult decodeReadResult(Reads r) {
    ByteBuffer content = ProtoCodec.content(r.message);
    return ProtoCodec.parse(ReadResult::parseFrom, content);
  }
}
