package io.cairnkv.robustness.nemesis;

import io.cairnkv.server.cluster.net.Links;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Network partitions between members, as cuts in {@link Links}: every link between two sides is cut in
 * both directions. Stateless; the shapes follow Jepsen's partition nemeses.
 */
final class Partitions {
  private Partitions() {}

  /** {@code alone} cut off from every other member. */
  static String isolate(Links links, List<String> members, String alone) {
    List<String> rest = new ArrayList<>(members);
    rest.remove(alone);
    cutBetween(links, List.of(alone), rest);
    return "partition [" + alone + "] | " + rest;
  }

  /** A random minority (at least one member) cut off from the majority. */
  static String minority(Links links, List<String> members, Random random) {
    List<String> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, random);
    int minority = Math.max(1, (members.size() - 1) / 2);
    List<String> small = shuffled.subList(0, minority);
    List<String> large = shuffled.subList(minority, shuffled.size());
    cutBetween(links, small, large);
    return "partition " + small + " | " + large;
  }

  /**
   * A bridge: the members but one are split into two halves that cannot reach each other, and the one
   * left over reaches both; neither half is a majority without it.
   */
  static String bridge(Links links, List<String> members, Random random) {
    List<String> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, random);
    String bridge = shuffled.remove(0);
    List<String> left = shuffled.subList(0, shuffled.size() / 2);
    List<String> right = shuffled.subList(shuffled.size() / 2, shuffled.size());
    cutBetween(links, left, right);
    return "bridge " + left + " <-" + bridge + "-> " + right;
  }

  private static void cutBetween(Links links, List<String> a, List<String> b) {
    for (String x : a) {
      for (String y : b) {
        links.cutBoth(x, y);
      }
    }
  }
}
