package io.cairnkv.server.auth;

import com.google.protobuf.ByteString;
import io.cairnkv.proto.PasswordHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2 (HMAC-SHA256) password hashes, with the JDK's own implementation. The iteration count is
 * stored with each hash, so raising it later leaves existing passwords valid. Thread-safe.
 */
public final class PasswordHasher {
  /** The algorithm name stored in every hash. */
  public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  /** Iterations for new hashes: about 0.1 s on one core of a 2020s machine. */
  public static final int DEFAULT_ITERATIONS = 100_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final SecureRandom random = new SecureRandom();
  private final int iterations;

  /** A hasher with {@link #DEFAULT_ITERATIONS}. */
  public PasswordHasher() {
    this(DEFAULT_ITERATIONS);
  }

  /** A hasher with {@code iterations} for new hashes (tests use fewer). */
  public PasswordHasher(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive, got " + iterations);
    }
    this.iterations = iterations;
  }

  /** A new hash of {@code password} with a fresh random salt. */
  public PasswordHash hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return PasswordHash.newBuilder().setAlgorithm(ALGORITHM).setSalt(ByteString.copyFrom(salt))
        .setIterations(iterations).setHash(ByteString.copyFrom(derive(password, salt, iterations))).build();
  }

  /** Whether {@code password} matches {@code stored}, compared in constant time. */
  public static boolean matches(String password, PasswordHash stored) {
    if (!ALGORITHM.equals(stored.getAlgorithm()) || stored.getIterations() < 1) {
      return false;
    }
    byte[] derived = derive(password, stored.getSalt().toByteArray(), stored.getIterations());
    return MessageDigest.isEqual(derived, stored.getHash().toByteArray());
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // Every Java 17 runtime ships PBKDF2WithHmacSHA256.
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }
}
