package io.cairnkv.server.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairnkv.client.StatusCode;
import io.cairnkv.client.internal.CommandRejectedException;
import io.cairnkv.client.internal.RequestLimits;
import io.cairnkv.proto.LogEntryResult;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.backup.BackupSessions;
import io.cairnkv.server.storage.RocksKvEngine;
import io.cairnkv.server.testing.RequestFuzzer;
import io.cairnkv.server.testing.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the request decoder and the state machine without Ratis: hostile writes go through
 * the leader path (startTransaction, then apply with the parsed payload) and, when accepted, through the
 * follower path (apply of the logged bytes) on a second replica; hostile reads go to {@code query}.
 * Nothing may throw, every reject is INVALID_ARGUMENT-style with a message, and both replicas end with the
 * same content. About 5 s by default; {@code -Dcairnkv.fuzz.seconds=N}, {@code -Dcairnkv.fuzz.seed=S}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RequestFuzzTest {
  private static final RaftGroupId GROUP = RaftGroupId.randomId();
  private static final ClientId CLIENT = ClientId.randomId();

  @TempDir
  Path dir;
  private final List<KvStateMachine> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(KvStateMachine::close);
  }

  private KvStateMachine start(String name) throws IOException {
    KvStateMachine machine = new KvStateMachine(RocksKvEngine.factory(dir.resolve(name)), RequestLimits.DEFAULTS,
        new BackupSessions(dir.resolve(name + "-backups")));
    machine.openStore(name);
    open.add(machine);
    return machine;
  }

  @Test
  void hostileRequestsAreRejectedCleanlyAndReplicasStayIdentical() throws Exception {
    RequestFuzzer fuzzer = new RequestFuzzer(RequestFuzzer.seedFromProperty());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RequestFuzzer.secondsFromProperty(5));
    KvStateMachine leader = start("leader");
    KvStateMachine follower = start("follower");
    long index = 0;
    int accepted = 0;
    int rejected = 0;
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-input");
      t.setDaemon(true); // a hung input must not keep the test JVM alive
      return t;
    });
    try {
      for (int i = 0; System.nanoTime() < deadline; i++) {
        boolean write = fuzzer.random().nextBoolean();
        byte[] input = write ? fuzzer.write() : fuzzer.read();
        String context = "seed " + fuzzer.seed() + ", input #" + i + " (" + (write ? "write" : "read") + "): "
            + RequestFuzzer.hex(input);
        long entryIndex = index + 1;
        Future<Boolean> handled = worker.submit(() -> write
            ? handleWrite(leader, follower, input, entryIndex, context)
            : handleRead(leader, input, context));
        Boolean appended;
        try {
          appended = handled.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("no answer within 10 s (hang) for " + context);
        } catch (ExecutionException e) {
          throw new AssertionError("failed on " + context, e.getCause());
        }
        if (write && appended) {
          index = entryIndex;
          accepted++;
        } else if (write) {
          rejected++;
        }
      }
    } finally {
      worker.shutdownNow();
    }
    assertThat(accepted).as("valid writes get through").isPositive();
    assertThat(rejected).as("hostile writes are rejected").isPositive();
    assertThat(Stores.dump(follower.engine())).isEqualTo(Stores.dump(leader.engine()));
    assertThat(follower.engine().appliedState()).isEqualTo(leader.engine().appliedState());
  }

  /** Returns whether the write was accepted (and applied on both replicas). */
  private static boolean handleWrite(KvStateMachine leader, KvStateMachine follower, byte[] input, long index,
      String context) throws Exception {
    TransactionContext trx = leader.startTransaction(request(input));
    if (trx.getException() != null) {
      assertThat(trx.getException()).as(context).isInstanceOf(CommandRejectedException.class);
      assertThat(((CommandRejectedException) trx.getException()).code()).as(context)
          .isEqualTo(StatusCode.INVALID_ARGUMENT);
      assertThat(trx.getException().getMessage()).as(context).isNotBlank();
      leader.cancelTransaction(trx);
      return false;
    }
    LogEntryProto entry = trx.initLogEntry(1, index);
    checkWrite(leader.applyTransaction(trx).get(10, TimeUnit.SECONDS), context);
    TransactionContext replayed = TransactionContext.newBuilder().setStateMachine(follower)
        .setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build();
    checkWrite(follower.applyTransaction(replayed).get(10, TimeUnit.SECONDS), context);
    return true;
  }

  private static boolean handleRead(KvStateMachine leader, byte[] input, String context) throws Exception {
    if (isStatusQuery(input)) {
      return false; // it waits for the Ratis server, which this test has not got; RequestFuzzIT covers it
    }
    checkRead(leader.query(message(input)).get(10, TimeUnit.SECONDS), context);
    return false;
  }

  private static boolean isStatusQuery(byte[] input) {
    try {
      return ReadQuery.parseFrom(input).hasStatus();
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  private static void checkWrite(Message reply, String context) throws IOException {
    LogEntryResult result = LogEntryResult.parseFrom(reply.getContent().asReadOnlyByteBuffer());
    for (WriteResult r : result.getResultsList()) {
      if (r.getStatus() != WireStatus.OK) {
        assertThat(r.getStatus().name()).as(context).isIn(RequestFuzzer.CLIENT_ERRORS);
        assertThat(r.getError()).as(context).isNotBlank();
      }
    }
  }

  private static void checkRead(Message reply, String context) throws IOException {
    ReadResult r = ReadResult.parseFrom(reply.getContent().asReadOnlyByteBuffer());
    if (r.getStatus() != WireStatus.OK) {
      assertThat(r.getStatus().name()).as(context).isIn(RequestFuzzer.CLIENT_ERRORS);
      assertThat(r.getError()).as(context).isNotBlank();
    }
  }

  private static Message message(byte[] bytes) {
    return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes));
  }

  private static RaftClientRequest request(byte[] bytes) {
    return RaftClientRequest.newBuilder().setClientId(CLIENT).setServerId(RaftPeerId.valueOf("leader"))
        .setGroupId(GROUP).setCallId(1).setType(RaftClientRequest.writeRequestType()).setMessage(message(bytes))
        .build();
  }
}
