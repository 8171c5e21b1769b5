package io.cairnkv.server.tls;

import io.cairnkv.client.internal.tls.TlsMaterial;
import io.cairnkv.server.config.KvServerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS material of one server: its certificate and key and the trusted CAs, shared by Ratis' gRPC
 * server and peer clients and by the admin HTTP endpoint. Both use key and trust managers that read the
 * current files, so a renewed certificate (or CA bundle) takes effect for new connections without a
 * restart: every {@code tls.reload-interval-ms} the files are checked and reloaded when they changed. A
 * changed set that does not load (half-written, key not matching, expired) is logged and ignored; the
 * previous material stays in use.
 *
 * <p>Exports {@code cairnkv_tls_certificate_not_after_seconds} (expiry of the served certificate, Unix
 * seconds) and warns in the log when it is less than {@value #EXPIRY_WARNING_DAYS} days away.
 *
 * <p>Lifecycle: {@link #start}; {@link #close()} stops the reload checks. Thread-safe.
 */
public final class ServerTls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  static final int EXPIRY_WARNING_DAYS = 30;

  private final KvServerConfig.Tls config;
  private final Clock clock;
  private final ReloadingKeyManager keyManager;
  private final ReloadingTrustManager trustManager;
  private final ScheduledExecutorService reloader;
  private final Counter reloadFailures;
  private volatile X509Certificate leaf;
  private volatile List<FileStamp> stamps;

  private record FileStamp(Path file, long modifiedMillis, long size) {
    static FileStamp of(Path file) {
      try {
        return new FileStamp(file, Files.getLastModifiedTime(file).toMillis(), Files.size(file));
      } catch (IOException e) {
        return new FileStamp(file, -1, -1);
      }
    }
  }

  private ServerTls(KvServerConfig.Tls config, Clock clock, TlsMaterial initial, MeterRegistry registry) {
    this.config = config;
    this.clock = clock;
    this.keyManager = new ReloadingKeyManager(initial);
    this.trustManager = new ReloadingTrustManager(initial);
    this.leaf = initial.leaf().orElseThrow();
    this.stamps = stamps(config);
    Gauge.builder("cairnkv.tls.certificate.not.after", this, t -> t.leaf.getNotAfter().getTime() / 1000.0)
        .baseUnit("seconds").description("Expiry of the certificate this member serves (Unix time)")
        .register(registry);
    this.reloadFailures = Counter.builder("cairnkv.tls.reload.failures")
        .description("Changed TLS files that could not be loaded (the previous ones stay in use)").register(registry);
    warnIfExpiringSoon(leaf);
    if (config.reloadIntervalMs() > 0) {
      reloader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairnkv-tls-reload");
        t.setDaemon(true);
        return t;
      });
      reloader.scheduleWithFixedDelay(this::reloadIfChanged, config.reloadIntervalMs(), config.reloadIntervalMs(),
          TimeUnit.MILLISECONDS);
    } else {
      reloader = null;
    }
  }

  /**
   * Loads the files of {@code config} (already checked by the config loader, but they may have changed).
   *
   * @throws IllegalArgumentException if they are unusable now
   */
  public static ServerTls start(KvServerConfig.Tls config, MeterRegistry registry, Clock clock) {
    TlsMaterial material = TlsMaterial.load(config.trustedCaFile(), config.certFile(), config.keyFile(),
        clock.instant());
    ServerTls tls = new ServerTls(config, clock, material, registry);
    LOG.info("TLS on: serving {} (expires {}), trusting {}, client certificates {} (admin HTTP: {}), "
            + "files checked for changes every {} ms", tls.leaf.getSubjectX500Principal(),
        tls.leaf.getNotAfter().toInstant(), config.trustedCaFile(), config.clientCertAuth() ? "required" : "not required",
        config.adminClientCertAuth() ? "required" : "not required", config.reloadIntervalMs());
    return tls;
  }

  /** The configuration for Ratis' gRPC server, its peer clients and admin channels. */
  public GrpcTlsConfig grpcConfig() {
    return new GrpcTlsConfig(keyManager, trustManager, config.clientCertAuth());
  }

  /** The server context of the admin HTTP endpoint (unshaded Netty, JDK provider). */
  public SslContext adminSslContext() throws SSLException {
    return SslContextBuilder.forServer(keyManager).trustManager(trustManager).sslProvider(SslProvider.JDK)
        .clientAuth(config.adminClientCertAuth() ? ClientAuth.REQUIRE : ClientAuth.NONE).build();
  }

  /** The certificate currently served. */
  public X509Certificate certificate() {
    return leaf;
  }

  /**
   * Reloads the files if any changed since the last load; keeps the current material if they do not load.
   *
   * @return whether new material is now in use
   */
  public synchronized boolean reloadIfChanged() {
    List<FileStamp> now = stamps(config);
    if (now.equals(stamps)) {
      return false;
    }
    TlsMaterial next;
    try {
      next = TlsMaterial.load(config.trustedCaFile(), config.certFile(), config.keyFile(), clock.instant());
    } catch (RuntimeException e) {
      // Retried at the next check: a renewal tool may be between writing the certificate and the key.
      reloadFailures.increment();
      LOG.warn("TLS files changed but cannot be used; still serving {} (expires {}): {}",
          leaf.getSubjectX500Principal(), leaf.getNotAfter().toInstant(), e.getMessage());
      return false;
    }
    keyManager.swap(next);
    trustManager.swap(next);
    leaf = next.leaf().orElseThrow();
    stamps = now;
    LOG.info("TLS files reloaded: now serving {} (serial {}, expires {}) to new connections",
        leaf.getSubjectX500Principal(), leaf.getSerialNumber().toString(16), leaf.getNotAfter().toInstant());
    warnIfExpiringSoon(leaf);
    return true;
  }

  private void warnIfExpiringSoon(X509Certificate cert) {
    Duration left = Duration.between(clock.instant(), cert.getNotAfter().toInstant());
    if (left.compareTo(Duration.ofDays(EXPIRY_WARNING_DAYS)) < 0) {
      LOG.warn("The TLS certificate {} ({}) expires in {} days, at {}: renew it; the new files are picked up "
              + "without a restart", config.certFile(), cert.getSubjectX500Principal(), left.toDays(),
          cert.getNotAfter().toInstant());
    }
  }

  private static List<FileStamp> stamps(KvServerConfig.Tls config) {
    return List.of(FileStamp.of(config.certFile()), FileStamp.of(config.keyFile()),
        FileStamp.of(config.trustedCaFile()));
  }

  /** Stops the reload checks; idempotent. */
  @Override
  public void close() {
    if (reloader != null) {
      reloader.shutdownNow();
    }
  }
}
