package io.cairnkv.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a client finds its TLS material: the CA certificates it trusts to sign the servers' certificates,
 * and optionally its own certificate chain and private key for mutual TLS. All files are PEM: certificates
 * as {@code -----BEGIN CERTIFICATE-----} blocks, the key unencrypted PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}), as etcd and openssl write them.
 *
 * <p>An immutable value; the files are read and checked when the client is built
 * ({@link KvClient.Builder#build()} throws {@link IllegalArgumentException} naming the file and the problem).
 */
public final class TlsConfig {
  private final Path trustedCaFile;
  private final Path certFile;
  private final Path keyFile;

  private TlsConfig(Path trustedCaFile, Path certFile, Path keyFile) {
    this.trustedCaFile = trustedCaFile;
    this.certFile = certFile;
    this.keyFile = keyFile;
  }

  /** Server-authenticated TLS: trust servers whose certificate chains up to a CA in {@code trustedCaFile}. */
  public static TlsConfig trusting(Path trustedCaFile) {
    return new TlsConfig(Objects.requireNonNull(trustedCaFile, "trustedCaFile"), null, null);
  }

  /**
   * The same, also presenting {@code certFile} (chain, leaf first) with its {@code keyFile}: needed when the
   * servers require client certificates (mutual TLS).
   */
  public TlsConfig withClientCertificate(Path certFile, Path keyFile) {
    return new TlsConfig(trustedCaFile, Objects.requireNonNull(certFile, "certFile"),
        Objects.requireNonNull(keyFile, "keyFile"));
  }

  /** PEM file of the trusted CA certificates. */
  public Path trustedCaFile() {
    return trustedCaFile;
  }

  /** PEM file of the client's certificate chain, if it presents one. */
  public Optional<Path> certFile() {
    return Optional.ofNullable(certFile);
  }

  /** PEM file of the client's PKCS#8 private key, if it presents a certificate. */
  public Optional<Path> keyFile() {
    return Optional.ofNullable(keyFile);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsConfig t && trustedCaFile.equals(t.trustedCaFile) && Objects.equals(certFile, t.certFile)
        && Objects.equals(keyFile, t.keyFile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(trustedCaFile, certFile, keyFile);
  }

  @Override
  public String toString() {
    return "TlsConfig[ca=" + trustedCaFile + (certFile == null ? "" : ", cert=" + certFile + ", key=" + keyFile) + "]";
  }
}
