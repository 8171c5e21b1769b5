package io.cairnkv.ctl;

import io.cairnkv.client.TlsConfig;
import io.cairnkv.client.internal.tls.PemFiles;
import io.cairnkv.client.internal.tls.TlsMaterial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The client TLS flags shared by kvctl and kv-bench, as etcdctl has them: {@code --cacert}, {@code --cert},
 * {@code --key}, each falling back to {@code KV_CACERT}, {@code KV_CERT}, {@code KV_KEY}. Checks the files
 * up front so that a wrong path or format is reported against the flag, not as a failed handshake.
 */
public final class TlsFlags {
  /** Environment variables read when the flags are absent. */
  public static final String ENV_CACERT = "KV_CACERT";
  public static final String ENV_CERT = "KV_CERT";
  public static final String ENV_KEY = "KV_KEY";

  private TlsFlags() {}

  /**
   * The TLS settings the flags (or, for each one not given, the environment) ask for; empty for plaintext.
   *
   * @throws IllegalArgumentException naming the flag: a certificate without key or CA, a missing,
   *     unreadable or malformed file, a key not matching the certificate, an expired certificate
   */
  public static Optional<TlsConfig> resolve(String cacert, String cert, String key, Map<String, String> env) {
    String ca = pick(cacert, env.get(ENV_CACERT));
    String own = pick(cert, env.get(ENV_CERT));
    String ownKey = pick(key, env.get(ENV_KEY));
    if (ca == null && own == null && ownKey == null) {
      return Optional.empty();
    }
    if ((own == null) != (ownKey == null)) {
      throw new IllegalArgumentException("--cert and --key go together (or " + ENV_CERT + " and " + ENV_KEY
          + "); got only " + (own == null ? "--key" : "--cert"));
    }
    if (ca == null) {
      throw new IllegalArgumentException("--cert needs --cacert (or " + ENV_CACERT
          + "): the CA certificate that signed the servers' certificates");
    }
    try {
      PemFiles.certificates(Path.of(ca));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--cacert: " + e.getMessage(), e);
    }
    TlsConfig config = TlsConfig.trusting(Path.of(ca));
    if (own != null) {
      try {
        TlsMaterial.load(Path.of(ca), Path.of(own), Path.of(ownKey), Instant.now());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--cert/--key: " + e.getMessage(), e);
      }
      config = config.withClientCertificate(Path.of(own), Path.of(ownKey));
    }
    return Optional.of(config);
  }

  private static String pick(String flag, String env) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    return env == null || env.isBlank() ? null : env;
  }
}
