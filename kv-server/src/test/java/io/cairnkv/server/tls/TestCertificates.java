package io.cairnkv.server.tls;

import io.cairnkv.client.TlsConfig;
import io.cairnkv.client.internal.tls.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test-only CAs and certificates, made with the {@code openssl} command at test time (nothing private is
 * committed). A test calls {@link #assumeOpenssl()} first: without openssl it is skipped with a message.
 * Certificates use EC P-256 keys (fast to generate), carry {@code IP:127.0.0.1, DNS:localhost} and both
 * server and client usage, so one node certificate serves as a peer's server and client identity.
 */
public final class TestCertificates {
  private final Path dir;

  /** A CA: its certificate and key under {@code dir/NAME-ca.pem}, {@code dir/NAME-ca.key}. */
  public record Ca(String name, Path cert, Path key) {}

  /** A certificate signed by {@code ca}, with its key. */
  public record Issued(Path cert, Path key, Ca ca) {
    /** Server settings that present this certificate and trust its CA. */
    public Map<String, String> serverSettings(boolean clientCertAuth) {
      Map<String, String> m = new HashMap<>();
      m.put("tls.cert-file", cert.toString());
      m.put("tls.key-file", key.toString());
      m.put("tls.trusted-ca-file", ca.cert().toString());
      m.put("tls.client-cert-auth", Boolean.toString(clientCertAuth));
      return m;
    }

    /** The parsed certificate. */
    public X509Certificate certificate() {
      return PemFiles.certificates(cert).get(0);
    }

    /** A client configuration presenting this certificate and trusting its CA. */
    public TlsConfig clientConfig() {
      return TlsConfig.trusting(ca.cert()).withClientCertificate(cert, key);
    }
  }

  public TestCertificates(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the calling test unless {@code openssl} runs. */
  public static void assumeOpenssl() {
    boolean present;
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      present = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    Assumptions.assumeTrue(present, "openssl is not installed: TLS tests need it to make test certificates");
  }

  /** A new self-signed CA. */
  public Ca ca(String name) {
    Path key = dir.resolve(name + "-ca.key");
    Path cert = dir.resolve(name + "-ca.pem");
    newKey(key);
    run("openssl", "req", "-x509", "-new", "-key", key.toString(), "-out", cert.toString(), "-days", "3650",
        "-subj", "/CN=" + name + " test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return new Ca(name, cert, key);
  }

  /** A certificate for {@code cn}, valid {@code days} days, signed by {@code ca}, named {@code fileName}. */
  public Issued issue(Ca ca, String fileName, String cn, int days) {
    Path key = dir.resolve(fileName + ".key");
    Path csr = dir.resolve(fileName + ".csr");
    Path cert = dir.resolve(fileName + ".pem");
    Path ext = dir.resolve(fileName + ".ext");
    newKey(key);
    write(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n"
        + "keyUsage=critical,digitalSignature,keyEncipherment\n");
    run("openssl", "req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + cn);
    run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
        "-CAcreateserial", "-out", cert.toString(), "-days", Integer.toString(days), "-extfile", ext.toString());
    return new Issued(cert, key, ca);
  }

  /** A certificate for {@code cn} valid a year. */
  public Issued issue(Ca ca, String fileName, String cn) {
    return issue(ca, fileName, cn, 365);
  }

  private void newKey(Path key) {
    // genpkey writes PKCS#8, the format the server expects.
    run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void run(String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
