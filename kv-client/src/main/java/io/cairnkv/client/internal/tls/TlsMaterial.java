package io.cairnkv.client.internal.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One loaded, checked set of TLS files: the trusted CAs and, optionally, an own certificate chain with
 * its private key. Immutable; {@link #load} does every check that can fail so that a handshake never
 * meets a broken file.
 *
 * @param trusted the trusted CA certificates
 * @param chain the own certificate chain, leaf first; empty when no own certificate is configured
 * @param privateKey the key of {@code chain}'s leaf; null when there is none
 * @param keyManager serves {@code chain}; null when there is none
 * @param trustManager verifies the other side against {@code trusted}
 */
public record TlsMaterial(List<X509Certificate> trusted, List<X509Certificate> chain, PrivateKey privateKey,
    X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager) {

  public TlsMaterial {
    trusted = List.copyOf(trusted);
    chain = List.copyOf(chain);
  }

  /**
   * Reads and checks the files: each parses, the key belongs to the leaf certificate, and the leaf is
   * valid at {@code now}.
   *
   * @param certFile own chain, or null for none (then {@code keyFile} must be null too)
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static TlsMaterial load(Path trustedCaFile, Path certFile, Path keyFile, Instant now) {
    List<X509Certificate> trusted = PemFiles.certificates(trustedCaFile);
    List<X509Certificate> chain = List.of();
    PrivateKey key = null;
    if (certFile != null || keyFile != null) {
      if (certFile == null || keyFile == null) {
        throw new IllegalArgumentException("a certificate needs its private key and a key its certificate "
            + "(cert " + certFile + ", key " + keyFile + ")");
      }
      chain = PemFiles.certificates(certFile);
      key = PemFiles.privateKey(keyFile);
      checkKeyMatches(chain.get(0), key, certFile, keyFile);
      checkValidAt(chain.get(0), certFile, now);
    }
    try {
      return new TlsMaterial(trusted, chain, key, key == null ? null : keyManager(chain, key), trustManager(trusted));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the TLS files " + trustedCaFile + ", " + certFile + ": " + e, e);
    }
  }

  /** The leaf of the own chain, if there is one. */
  public Optional<X509Certificate> leaf() {
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
  }

  /** Fails unless {@code cert} is valid at {@code now}, with a message giving both dates. */
  public static void checkValidAt(X509Certificate cert, Path file, Instant now) {
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      throw new IllegalArgumentException("the certificate in " + file + " (" + cert.getSubjectX500Principal()
          + ") expired at " + notAfter + "; it is now " + now + ": issue a new one");
    }
    if (now.isBefore(notBefore)) {
      throw new IllegalArgumentException("the certificate in " + file + " (" + cert.getSubjectX500Principal()
          + ") is not valid before " + notBefore + "; it is now " + now + " (check the clock)");
    }
  }

  private static void checkKeyMatches(X509Certificate leaf, PrivateKey key, Path certFile, Path keyFile) {
    // Signing a probe and verifying it with the certificate's public key works for every key type.
    byte[] probe = "cairnkv-key-check".getBytes(StandardCharsets.US_ASCII);
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException("the private key in " + keyFile + " does not belong to the certificate in "
          + certFile + " (" + leaf.getSubjectX500Principal() + ")");
    }
  }

  private static X509ExtendedKeyManager keyManager(List<X509Certificate> chain, PrivateKey key)
      throws GeneralSecurityException {
    KeyStore store = emptyStore();
    char[] password = "in-memory".toCharArray(); // the store never leaves memory
    store.setKeyEntry("key", key, password, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return (X509ExtendedKeyManager) factory.getKeyManagers()[0];
  }

  private static X509ExtendedTrustManager trustManager(List<X509Certificate> trusted) throws GeneralSecurityException {
    KeyStore store = emptyStore();
    for (int i = 0; i < trusted.size(); i++) {
      store.setCertificateEntry("ca-" + i, trusted.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    return store;
  }
}
