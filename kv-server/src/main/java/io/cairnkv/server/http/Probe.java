package io.cairnkv.server.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a health or readiness check.
 *
 * @param ok whether the check passed
 * @param reason why it failed; empty when it passed
 * @param details facts behind the verdict (role, indexes...), shown in the response; may be empty
 */
public record Probe(boolean ok, String reason, Map<String, Object> details) {
  public Probe {
    // Kept in order, and null values (e.g. no leader) allowed, unlike Map.copyOf.
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A passed check. */
  public static Probe pass(Map<String, Object> details) {
    return new Probe(true, "", details);
  }

  /** A failed check with its reason. */
  public static Probe fail(String reason, Map<String, Object> details) {
    return new Probe(false, reason, details);
  }
}
