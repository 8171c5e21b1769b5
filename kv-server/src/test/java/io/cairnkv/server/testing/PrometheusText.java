package io.cairnkv.server.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of the Prometheus text format, for tests. Handles the label values our metrics have. */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PrometheusText() {}

  /** The names of every sample in {@code text}. */
  public static Set<String> sampleNames(String text) {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The sum of the samples named {@code name} whose labels include {@code labels}; 0 if there are none. */
  public static double sum(String text, String name, Map<String, String> labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> found = new HashMap<>();
      Matcher l = LABEL.matcher(m.group(3) == null ? "" : m.group(3));
      while (l.find()) {
        found.put(l.group(1), l.group(2));
      }
      if (found.entrySet().containsAll(labels.entrySet())) {
        total += Double.parseDouble(m.group(4));
      }
    }
    return total;
  }
}
