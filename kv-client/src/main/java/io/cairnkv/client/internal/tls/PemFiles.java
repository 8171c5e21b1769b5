package io.cairnkv.client.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Reads PEM certificates and unencrypted PKCS#8 private keys with the JDK alone. Every failure is an
 * {@link IllegalArgumentException} whose message names the file and says what is wrong with it (missing,
 * unreadable, not PEM, a PKCS#1 key that needs converting), because operators meet these first.
 */
public final class PemFiles {
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";

  private PemFiles() {}

  /** Every certificate in {@code file}, in file order (a chain: leaf first). */
  public static List<X509Certificate> certificates(Path file) {
    byte[] bytes = read(file, "certificate");
    if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(file + " is not a PEM certificate file (no -----BEGIN CERTIFICATE----- line)");
    }
    Collection<? extends Certificate> parsed;
    try {
      parsed = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + " holds a malformed certificate: " + e.getMessage(), e);
    }
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : parsed) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no certificate");
    }
    return out;
  }

  /** The unencrypted PKCS#8 private key in {@code file} (RSA, EC or EdDSA). */
  public static PrivateKey privateKey(Path file) {
    String text = new String(read(file, "private key"), StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new IllegalArgumentException(file + " holds a PKCS#1/SEC1 key; convert it to PKCS#8 with "
          + "'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem'");
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(file + " holds an encrypted key; give an unencrypted PKCS#8 key "
          + "(protect it with file permissions)");
    }
    int begin = text.indexOf(KEY_BEGIN);
    int end = text.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(file + " is not a PEM private key file (no " + KEY_BEGIN + " block)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " holds a private key that is not valid base64", e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException wrongAlgorithm) {
        // try the next one: PKCS#8 names its algorithm, but KeyFactory must be picked first
      }
    }
    throw new IllegalArgumentException(file + " holds a private key that is not RSA, EC or EdDSA PKCS#8");
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + what + " file " + file + ": " + e, e);
    }
  }
}
