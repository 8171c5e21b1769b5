package io.cairnkv.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each aggregated HTTP request into an {@link AdminRouter} call and writes the reply; keeps the
 * connection open when the client asks for keep-alive. Malformed requests get 400 and a closed
 * connection. The router runs on a worker thread, not the I/O thread, because it may read the disk
 * and the store; each connection keeps one worker, so pipelined requests are answered in order.
 * Shared by all channels.
 */
@io.netty.channel.ChannelHandler.Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);
  private static final AttributeKey<EventExecutor> WORKER = AttributeKey.valueOf("cairnkv-admin-worker");

  private final AdminRouter router;
  private final EventExecutorGroup workers;

  AdminHttpHandler(AdminRouter router, EventExecutorGroup workers) {
    this.router = router;
    this.workers = workers;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.channel().attr(WORKER).set(workers.next());
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      Throwable cause = request.decoderResult().cause();
      int status = cause instanceof TooLongFrameException ? 431 : 400;
      AdminReply reply = AdminReply.error(status, "malformed request: " + cause.getMessage(), Map.of());
      write(ctx, reply, false, false);
      return;
    }
    // The request is released when this method returns: take what the worker needs now.
    String method = request.method().name();
    String path = new QueryStringDecoder(request.uri()).path();
    boolean head = request.method().equals(HttpMethod.HEAD);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    try {
      ctx.channel().attr(WORKER).get().execute(() -> write(ctx, router.route(method, path), head, keepAlive));
    } catch (RejectedExecutionException e) {
      ctx.close(); // shutting down
    }
  }

  private static void write(ChannelHandlerContext ctx, AdminReply reply, boolean head, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reply.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    if (reply.allow() != null) {
      response.headers().set(HttpHeaderNames.ALLOW, reply.allow());
    }
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof ReadTimeoutException)) {
      LOG.debug("Admin connection from {} failed; closing it", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
