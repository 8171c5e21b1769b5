package io.cairnkv.server.kv;

import io.cairnkv.proto.Compare;
import io.cairnkv.proto.DeleteRangeRequest;
import io.cairnkv.proto.DeleteRangeResponse;
import io.cairnkv.proto.PutRequest;
import io.cairnkv.proto.PutResponse;
import io.cairnkv.proto.RequestOp;
import io.cairnkv.proto.ResponseHeader;
import io.cairnkv.proto.ResponseOp;
import io.cairnkv.proto.TxnRequest;
import io.cairnkv.proto.TxnResponse;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.proto.WriteResult;
import io.cairnkv.server.storage.AppliedState;
import io.cairnkv.server.storage.KeyRevisions;
import io.cairnkv.server.storage.KvRecord;
import io.cairnkv.server.storage.KvWriteTxn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Applies write commands to a {@link KvWriteTxn} with etcd's semantics. Deterministic: the result
 * depends only on the store's content and the command, never on the clock or local configuration.
 *
 * <p>The store revision grows by one for each command that changes at least one key (a transaction
 * counts once); every key written by that command gets that revision as its {@code mod_revision}.
 * Not thread-safe: one instance per log entry.
 */
public final class WriteApplier {
  private final KvWriteTxn txn;
  private final String memberId;
  private long revision;

  /**
   * @param txn the batch the writes go into
   * @param startRevision the store revision before the first command
   * @param memberId reported in response headers
   */
  public WriteApplier(KvWriteTxn txn, long startRevision, String memberId) {
    this.txn = txn;
    this.revision = startRevision;
    this.memberId = memberId;
  }

  /** The store revision after the commands applied so far. */
  public long revision() {
    return revision;
  }

  /**
   * Applies one command. Commands fail only before they write (an empty command); a storage failure
   * throws and the whole batch is dropped.
   */
  public WriteResult apply(WriteCommand command, long term, long index) {
    long next = revision + 1;
    Changes changes = new Changes();
    WriteResult.Builder result = WriteResult.newBuilder().setStatus(WireStatus.OK);
    switch (command.getCommandCase()) {
      case PUT:
        result.setPut(put(command.getPut(), next, changes));
        break;
      case DELETE_RANGE:
        result.setDeleteRange(delete(command.getDeleteRange(), changes));
        break;
      case TXN:
        result.setTxn(txn(command.getTxn(), next, changes));
        break;
      default:
        return WriteResult.newBuilder().setStatus(WireStatus.INVALID_ARGUMENT)
            .setError("empty write command").setHeader(header(term, index)).build();
    }
    if (changes.any) {
      revision = next;
    }
    return result.setHeader(header(term, index)).build();
  }

  /**
   * The result of a command decided outside this class (refused by authorization, or an auth change):
   * nothing of it touches the key space and the revision does not move.
   */
  public WriteResult outcome(WireStatus status, String message, long term, long index) {
    WriteResult.Builder out = WriteResult.newBuilder().setStatus(status).setHeader(header(term, index));
    return status == WireStatus.OK ? out.build() : out.setError(message).build();
  }

  /** Marks {@code state} durable along with the batch. */
  public void commit(long term, long index) {
    txn.commit(new AppliedState(term, index, revision));
  }

  private ResponseHeader header(long term, long index) {
    return ResponseHeader.newBuilder().setRevision(revision).setMemberId(memberId).setRaftTerm(term)
        .setAppliedIndex(index).build();
  }

  private PutResponse put(PutRequest put, long rev, Changes changes) {
    byte[] key = put.getKey().toByteArray();
    PutResponse.Builder out = PutResponse.newBuilder();
    Optional<KeyRevisions> previous;
    if (put.getPrevKv()) {
      Optional<KvRecord> record = txn.get(key);
      record.ifPresent(r -> out.setPrevKv(RangeExecutor.toProto(key, r, false)));
      previous = record.map(KvRecord::revisions);
    } else {
      // Without prev_kv only the revisions matter, which the engine may answer without reading the store.
      previous = txn.revisions(key);
    }
    KvRecord next = previous
        .map(p -> new KvRecord(p.createRevision(), rev, p.version() + 1, put.getValue().toByteArray()))
        .orElseGet(() -> new KvRecord(rev, rev, 1, put.getValue().toByteArray()));
    txn.put(key, next);
    changes.any = true;
    return out.build();
  }

  private DeleteRangeResponse delete(DeleteRangeRequest delete, Changes changes) {
    byte[] key = delete.getKey().toByteArray();
    DeleteRangeResponse.Builder out = DeleteRangeResponse.newBuilder();
    if (delete.getRangeEnd().isEmpty()) {
      if (delete.getPrevKv()) {
        Optional<KvRecord> previous = txn.get(key);
        previous.ifPresent(r -> out.addPrevKvs(RangeExecutor.toProto(key, r, false)));
        if (previous.isPresent()) {
          txn.delete(key);
          out.setDeleted(1);
        }
      } else if (txn.revisions(key).isPresent()) {
        txn.delete(key);
        out.setDeleted(1);
      }
    } else {
      List<byte[]> doomed = new ArrayList<>();
      txn.scan(key, RangeExecutor.rangeEnd(delete.getRangeEnd()), false, (k, record) -> {
        doomed.add(k);
        if (delete.getPrevKv()) {
          out.addPrevKvs(RangeExecutor.toProto(k, record, false));
        }
        return true;
      });
      for (byte[] k : doomed) {
        txn.delete(k);
      }
      out.setDeleted(doomed.size());
    }
    if (out.getDeleted() > 0) {
      changes.any = true;
    }
    return out.build();
  }

  private TxnResponse txn(TxnRequest request, long rev, Changes changes) {
    boolean succeeded = true;
    for (Compare compare : request.getCompareList()) {
      if (!holds(compare)) {
        succeeded = false;
        break;
      }
    }
    TxnResponse.Builder out = TxnResponse.newBuilder().setSucceeded(succeeded);
    for (RequestOp op : succeeded ? request.getSuccessList() : request.getFailureList()) {
      switch (op.getRequestCase()) {
        case PUT:
          out.addResponses(ResponseOp.newBuilder().setPut(put(op.getPut(), rev, changes)));
          break;
        case DELETE_RANGE:
          out.addResponses(ResponseOp.newBuilder().setDeleteRange(delete(op.getDeleteRange(), changes)));
          break;
        case RANGE:
          out.addResponses(ResponseOp.newBuilder().setRange(RangeExecutor.range(txn, op.getRange())));
          break;
        default:
          // Rejected by validation before the log; an empty op in the log is skipped, deterministically.
          break;
      }
    }
    return out.build();
  }

  private boolean holds(Compare compare) {
    byte[] key = compare.getKey().toByteArray();
    int cmp;
    switch (compare.getTarget()) {
      case VALUE:
        Optional<KvRecord> record = txn.get(key);
        if (record.isEmpty()) {
          return false; // etcd: a value compare on a missing key never holds
        }
        cmp = Arrays.compareUnsigned(record.get().value(), compare.getValue().toByteArray());
        break;
      case VERSION:
        cmp = Long.compare(txn.revisions(key).map(KeyRevisions::version).orElse(0L), compare.getVersion());
        break;
      case CREATE_REVISION:
        cmp = Long.compare(txn.revisions(key).map(KeyRevisions::createRevision).orElse(0L),
            compare.getCreateRevision());
        break;
      case MOD_REVISION:
        cmp = Long.compare(txn.revisions(key).map(KeyRevisions::modRevision).orElse(0L), compare.getModRevision());
        break;
      default:
        return false;
    }
    switch (compare.getResult()) {
      case EQUAL: return cmp == 0;
      case NOT_EQUAL: return cmp != 0;
      case LESS: return cmp < 0;
      case GREATER: return cmp > 0;
      default: return false;
    }
  }

  /** Whether the command being applied changed anything. */
  private static final class Changes {
    boolean any;
  }
}
