package io.cairnkv.server.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response of the admin endpoint, independent of Netty so that routing is unit-testable.
 *
 * @param status the HTTP status code
 * @param contentType the Content-Type header
 * @param body the body bytes (not sent for HEAD requests)
 * @param allow the Allow header, or null; set on 405 answers
 */
public record AdminReply(int status, String contentType, byte[] body, String allow) {
  static final String JSON = "application/json; charset=utf-8";

  /** A JSON reply, with a final newline for readers using curl. */
  static AdminReply json(int status, Map<String, ?> body) {
    return new AdminReply(status, JSON, (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8), null);
  }

  /** A JSON error reply: {@code {"error": message, ...extra}}. */
  static AdminReply error(int status, String message, Map<String, ?> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.putAll(extra);
    return json(status, body);
  }

  /** The body as text, for tests and logs. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
