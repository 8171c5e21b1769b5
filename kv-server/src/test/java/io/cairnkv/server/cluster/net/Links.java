package io.cairnkv.server.cluster.net;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which directed links between members are cut. A link {@code from -> to} carries the connections that
 * {@code from} opened to {@code to}, in both directions (requests and their replies), as TCP does.
 * Thread-safe: the nemesis cuts and heals while proxy threads wait for their link to open.
 */
public final class Links {
  private final Set<List<String>> cut = new HashSet<>();

  /** Cuts {@code from -> to}: bytes on its connections stop flowing until healed. */
  public synchronized void cut(String from, String to) {
    cut.add(List.of(from, to));
  }

  /** Cuts both directions between {@code a} and {@code b}. */
  public void cutBoth(String a, String b) {
    cut(a, b);
    cut(b, a);
  }

  /** Restores every link; held bytes flow again. */
  public synchronized void healAll() {
    cut.clear();
    notifyAll();
  }

  /** Whether {@code from -> to} is cut now. */
  public synchronized boolean isCut(String from, String to) {
    return cut.contains(List.of(from, to));
  }

  /** Whether any link is cut. */
  public synchronized boolean anyCut() {
    return !cut.isEmpty();
  }

  /**
   * Blocks while {@code from -> to} is cut.
   *
   * @throws InterruptedException when the proxy closes the connection
   */
  public synchronized void awaitOpen(String from, String to) throws InterruptedException {
    List<String> link = List.of(from, to);
    while (cut.contains(link)) {
      wait();
    }
  }
}
