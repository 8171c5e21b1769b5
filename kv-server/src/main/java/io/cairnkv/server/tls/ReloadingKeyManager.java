package io.cairnkv.server.tls;

import io.cairnkv.client.internal.tls.TlsMaterial;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose certificate and key can be swapped while handshakes run. Each generation gets its
 * own alias, and the previous generation stays reachable, so a handshake that chose an alias just before
 * a swap still gets the chain and the key of the same generation. Thread-safe.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private record Generation(String alias, TlsMaterial material) {}

  private volatile Generation current;
  private volatile Generation previous;
  private int counter;

  ReloadingKeyManager(TlsMaterial initial) {
    current = new Generation("gen-0", initial);
  }

  synchronized void swap(TlsMaterial next) {
    counter++;
    previous = current;
    current = new Generation("gen-" + counter, next);
  }

  private Generation byAlias(String alias) {
    Generation c = current;
    if (c.alias.equals(alias)) {
      return c;
    }
    Generation p = previous;
    return p != null && p.alias.equals(alias) ? p : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[] {current.alias};
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return current.alias;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return current.alias;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {current.alias};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.alias;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.alias;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Generation g = byAlias(alias);
    return g == null ? null : g.material.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Generation g = byAlias(alias);
    return g == null ? null : g.material.privateKey();
  }
}
