package io.cairnkv.client;

import io.cairnkv.client.internal.RatisTransport;
import io.cairnkv.proto.BackupBeginRequest;
import io.cairnkv.proto.BackupBeginResponse;
import io.cairnkv.proto.BackupChunkRequest;
import io.cairnkv.proto.BackupEndRequest;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.ReadResult;
import java.util.ArrayList;
import java.util.List;

/** {@link BackupSession} served by a member over the read path. */
final class RemoteBackupSession implements BackupSession {
  private final RatisTransport transport;
  private final Member member;
  private final BackupBeginResponse info;
  private boolean closed;

  private RemoteBackupSession(RatisTransport transport, Member member, BackupBeginResponse info) {
    this.transport = transport;
    this.member = member;
    this.info = info;
  }

  static BackupSession open(RatisTransport transport, Member member) {
    ReadResult r = KvClient.await(transport.readFrom(member,
        ReadQuery.newBuilder().setBackupBegin(BackupBeginRequest.getDefaultInstance()).build()));
    KvClient.checkStatus(r.getStatus(), r.getError());
    return new RemoteBackupSession(transport, member, r.getBackupBegin());
  }

  @Override
  public String memberId() {
    return info.getMemberId();
  }

  @Override
  public long revision() {
    return info.getRevision();
  }

  @Override
  public long raftIndex() {
    return info.getRaftIndex();
  }

  @Override
  public long raftTerm() {
    return info.getRaftTerm();
  }

  @Override
  public long keyCount() {
    return info.getKeyCount();
  }

  @Override
  public List<FileInfo> files() {
    List<FileInfo> files = new ArrayList<>();
    info.getFilesList().forEach(f -> files.add(new FileInfo(f.getName(), f.getSize())));
    return files;
  }

  @Override
  public byte[] read(String file, long offset, int maxBytes) {
    ReadQuery query = ReadQuery.newBuilder().setBackupChunk(BackupChunkRequest.newBuilder()
        .setBackupId(info.getBackupId()).setFile(file).setOffset(offset).setMaxBytes(maxBytes)).build();
    ReadResult r = KvClient.await(transport.readFrom(member, query));
    KvClient.checkStatus(r.getStatus(), r.getError());
    return r.getBackupChunk().getData().toByteArray();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      KvClient.await(transport.readFrom(member, ReadQuery.newBuilder()
          .setBackupEnd(BackupEndRequest.newBuilder().setBackupId(info.getBackupId())).build()));
    } catch (KvException ignored) {
      // The member deletes an idle session by itself.
    }
  }
}
