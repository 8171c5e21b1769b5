package io.cairnkv.server.testing;

import static io.cairnkv.server.testing.Commands.compare;
import static io.cairnkv.server.testing.Commands.compareValue;
import static io.cairnkv.server.testing.Commands.deleteOp;
import static io.cairnkv.server.testing.Commands.deleteRange;
import static io.cairnkv.server.testing.Commands.getOp;
import static io.cairnkv.server.testing.Commands.payload;
import static io.cairnkv.server.testing.Commands.put;
import static io.cairnkv.server.testing.Commands.putOp;
import static io.cairnkv.server.testing.Commands.rangeRequest;
import static io.cairnkv.server.testing.Commands.txn;

import com.google.protobuf.CodedOutputStream;
import io.cairnkv.proto.BackupChunkRequest;
import io.cairnkv.proto.Compare;
import io.cairnkv.proto.HashRequest;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.StatusRequest;
import io.cairnkv.proto.WriteCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded generator of hostile requests for the state machine: valid encoded writes and reads, mutated
 * (bits flipped, bytes inserted, deleted, duplicated, truncated, a huge declared length, a wrong wire
 * type, two messages concatenated), pure random bytes, and well-formed protobuf with random fields and
 * wire types. The same seed gives the same sequence, so a failure is replayed from its seed.
 *
 * <p>Run length: {@code -Dcairnkv.fuzz.seconds=N} (each test has its own short default),
 * {@code -Dcairnkv.fuzz.seed=S} to replay a run. Not thread-safe.
 */
public final class RequestFuzzer {
  private static final List<String> KEYS = List.of("a", "b", "c", "a/1", "a/2", "b/1", "\u00ff");
  private final Random random;
  private final long seed;

  public RequestFuzzer(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** The seed from {@code -Dcairnkv.fuzz.seed}, else a fixed one, so the default run is reproducible. */
  public static long seedFromProperty() {
    return Long.getLong("cairnkv.fuzz.seed", 20261126L);
  }

  /** How long to fuzz: {@code -Dcairnkv.fuzz.seconds}, else {@code defaultSeconds}. */
  public static long secondsFromProperty(long defaultSeconds) {
    return Long.getLong("cairnkv.fuzz.seconds", defaultSeconds);
  }

  public long seed() {
    return seed;
  }

  /** The random source, for decisions of the caller that must follow the same seed. */
  public Random random() {
    return random;
  }

  /** A hostile or valid encoded write payload ({@code LogEntryPayload}). */
  public byte[] write() {
    return hostile(validWrite());
  }

  /** A hostile or valid encoded read query ({@code ReadQuery}). */
  public byte[] read() {
    return hostile(validRead());
  }

  private byte[] hostile(byte[] valid) {
    int kind = random.nextInt(10);
    if (kind < 2) {
      return valid;
    } else if (kind < 7) {
      return mutate(valid);
    } else if (kind < 8) {
      return randomBytes(random.nextInt(64));
    } else {
      return randomFields();
    }
  }

  /** A valid encoded write over a small key space, so that mutations hit existing keys. */
  public byte[] validWrite() {
    int n = 1 + random.nextInt(3);
    WriteCommand[] commands = new WriteCommand[n];
    for (int i = 0; i < n; i++) {
      commands[i] = validCommand();
    }
    return payload(commands).toByteArray();
  }

  private WriteCommand validCommand() {
    switch (random.nextInt(4)) {
      case 0:
        return put(key(), "v" + random.nextInt(100));
      case 1:
        return deleteRange(key(), random.nextBoolean() ? null : "z", random.nextBoolean());
      case 2: {
        String k = key();
        Compare when = random.nextBoolean()
            ? compare(k, Compare.Target.VERSION, Compare.Result.forNumber(random.nextInt(4)), random.nextInt(3))
            : compareValue(k, Compare.Result.EQUAL, "v" + random.nextInt(5));
        String other = k.equals("c") ? "b" : "c";
        return txn(List.of(when), List.of(putOp(k, "t" + random.nextInt(9)), getOp(other)),
            List.of(deleteOp(other, null)));
      }
      default:
        return put(key(), "w".repeat(random.nextInt(20)));
    }
  }

  /** A valid encoded read query. */
  public byte[] validRead() {
    ReadQuery.Builder q = ReadQuery.newBuilder();
    switch (random.nextInt(4)) {
      case 0:
        q.setRange(rangeRequest(key(), random.nextBoolean() ? null : "z").setLimit(random.nextInt(3)));
        break;
      case 1:
        q.setStatus(StatusRequest.getDefaultInstance());
        break;
      case 2:
        q.setHash(HashRequest.getDefaultInstance());
        break;
      default:
        q.setBackupChunk(BackupChunkRequest.newBuilder().setBackupId("b" + random.nextInt(3)).setFile("CURRENT")
            .setOffset(random.nextInt(10)).setMaxBytes(random.nextInt(100)));
    }
    return q.build().toByteArray();
  }

  private String key() {
    return KEYS.get(random.nextInt(KEYS.size()));
  }

  /** One to four mutations of {@code valid}. */
  public byte[] mutate(byte[] valid) {
    byte[] b = valid;
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds; r++) {
      b = mutateOnce(b);
    }
    return b;
  }

  private byte[] mutateOnce(byte[] b) {
    if (b.length == 0) {
      return randomBytes(1 + random.nextInt(8));
    }
    int at = random.nextInt(b.length);
    switch (random.nextInt(8)) {
      case 0: { // flip one bit
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << random.nextInt(8));
        return c;
      }
      case 1: // insert random bytes
        return splice(b, at, 0, randomBytes(1 + random.nextInt(8)));
      case 2: // delete a run
        return splice(b, at, Math.min(b.length - at, 1 + random.nextInt(8)), new byte[0]);
      case 3: { // duplicate a run
        int len = Math.min(b.length - at, 1 + random.nextInt(16));
        return splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
      }
      case 4: // truncate
        return Arrays.copyOf(b, at);
      case 5: // a length-delimited field declaring ~2 GiB (or a negative int32 length)
        return splice(b, at, 0, random.nextBoolean()
            ? new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}
            : new byte[] {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
      case 6: { // change a byte's wire type bits (tags are where most bytes are small)
        byte[] c = b.clone();
        c[at] = (byte) ((c[at] & ~0x07) | random.nextInt(8));
        return c;
      }
      default: // append another valid message: protobuf merges them
        return splice(b, b.length, 0, random.nextBoolean() ? validWrite() : validRead());
    }
  }

  /** Well-formed protobuf wire data with random field numbers, wire types and values. */
  public byte[] randomFields() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      int fields = 1 + random.nextInt(6);
      for (int i = 0; i < fields; i++) {
        int field = 1 + random.nextInt(8);
        switch (random.nextInt(4)) {
          case 0:
            out.writeInt64(field, random.nextLong());
            break;
          case 1:
            out.writeFixed64(field, random.nextLong());
            break;
          case 2:
            out.writeFixed32(field, random.nextInt());
            break;
          default:
            out.writeByteArray(field, random.nextBoolean() ? randomBytes(random.nextInt(16)) : validWrite());
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] c = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(insert, 0, c, at, insert.length);
    System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
    return c;
  }

  /** Hex of {@code input}, for failure messages that let the input be replayed. */
  public static String hex(byte[] input) {
    return HexFormat.of().formatHex(input);
  }

  /** Wire statuses a reject may carry: a client error, never INTERNAL or unset. */
  public static final Set<String> CLIENT_ERRORS = Set.of("INVALID_ARGUMENT", "FAILED_PRECONDITION", "UNAVAILABLE");
}
