package io.cairnkv.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP/1.1 server of one member, on its own small Netty event loop (not Ratis' shaded one).
 * One I/O thread accepts and parses; two worker threads run the {@link AdminRouter}, so a slow scrape
 * does not hold up {@code /health}. Requests are small by design: request line 4 KiB, headers 8 KiB,
 * body {@value #MAX_BODY_BYTES} bytes (larger bodies get 413), and idle connections close after
 * {@value #IDLE_SECONDS} s.
 *
 * <p>Lifecycle: {@link #start} binds; {@link #close()} unbinds and stops every thread it started. Thread-safe.
 */
public final class AdminHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
  static final int MAX_BODY_BYTES = 1024;
  static final int IDLE_SECONDS = 60;

  private final EventLoopGroup ioGroup;
  private final EventExecutorGroup workers;
  private final Channel channel;
  private final InetSocketAddress address;
  private volatile boolean closed;

  private AdminHttpServer(EventLoopGroup ioGroup, EventExecutorGroup workers, Channel channel) {
    this.ioGroup = ioGroup;
    this.workers = workers;
    this.channel = channel;
    this.address = (InetSocketAddress) channel.localAddress();
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and serves {@code router}.
   *
   * @throws IOException if the address cannot be bound; nothing is left running then
   */
  public static AdminHttpServer start(String host, int port, AdminRouter router) throws IOException {
    return start(host, port, router, null);
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and serves {@code router} over HTTPS when
   * {@code sslContext} is not null (plain HTTP otherwise; a plain HTTP request to an HTTPS endpoint fails
   * its handshake and is closed).
   *
   * @throws IOException if the address cannot be bound; nothing is left running then
   */
  public static AdminHttpServer start(String host, int port, AdminRouter router, SslContext sslContext)
      throws IOException {
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cairnkv-admin-io", true),
        NioIoHandler.newFactory());
    EventExecutorGroup workers = new DefaultEventExecutorGroup(2, new DefaultThreadFactory("cairnkv-admin", true));
    AdminHttpHandler handler = new AdminHttpHandler(router, workers);
    ServerBootstrap bootstrap = new ServerBootstrap().group(io).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 64)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (sslContext != null) {
              ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
            }
            ch.pipeline()
                .addLast(new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast(handler);
          }
        });
    String bindHost = unbracket(host);
    try {
      Channel channel = bootstrap.bind(new InetSocketAddress(bindHost, port)).sync().channel();
      AdminHttpServer server = new AdminHttpServer(io, workers, channel);
      LOG.info("Admin HTTP endpoint listening on {}://{}:{} (/metrics, /health, /ready, /status)",
          sslContext == null ? "http" : "https", host, server.address.getPort());
      return server;
    } catch (Exception e) {
      shutdown(io, workers);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot bind the admin HTTP endpoint to " + host + ":" + port
          + " (config keys admin-bind-host, admin-port): " + e.getMessage(), e);
    }
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** The bound address (with the real port when started on port 0). */
  public InetSocketAddress address() {
    return address;
  }

  /** Stops accepting, closes open connections and stops the endpoint's threads; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    channel.close().syncUninterruptibly();
    shutdown(ioGroup, workers);
    LOG.info("Admin HTTP endpoint on port {} stopped", address.getPort());
  }

  private static void shutdown(EventLoopGroup io, EventExecutorGroup workers) {
    // No quiet period: nothing else submits work once the channel is closed.
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
