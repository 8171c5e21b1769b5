package io.cairnkv.server.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Netty server on loopback with fake endpoints: HTTP behaviour, limits and a clean shutdown. */
@Timeout(30)
class AdminHttpServerTest {
  private final FakeEndpoints endpoints = new FakeEndpoints();
  private final Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
  private final AdminHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  AdminHttpServerTest() throws IOException {
    server = AdminHttpServer.start("127.0.0.1", 0, new AdminRouter(endpoints));
  }

  @AfterEach
  void close() {
    server.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends raw bytes and returns the status line of the answer. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString().trim();
    }
  }

  @Test
  void servesGetAndHeadAndKeepsTheConnection() throws Exception {
    HttpResponse<String> first = send(HttpRequest.newBuilder(uri("/metrics")));
    HttpResponse<String> second = send(HttpRequest.newBuilder(uri("/health?verbose=1")));
    HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/health")).method("HEAD",
        HttpRequest.BodyPublishers.noBody()));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(endpoints.metrics);
    assertThat(first.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("{\"status\":\"ok\",\"id\":\"n1\"}\n");
    assertThat(second.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("content-length")).hasValue(second.body().length());
  }

  @Test
  void answers404And405() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri("/missing"))).statusCode()).isEqualTo(404);
    HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/ready"))
        .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  @Test
  void rejectsLargeBodiesAndMalformedRequests() throws IOException {
    String tooBig = raw("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n");
    assertThat(tooBig).startsWith("HTTP/1.1 413");

    String chunked = raw("POST /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "800\r\n" + "a".repeat(0x800) + "\r\n0\r\n\r\n");
    assertThat(chunked).startsWith("HTTP/1.1 413");

    String longHeader = raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000)
        + "\r\nConnection: close\r\n\r\n");
    assertThat(longHeader).startsWith("HTTP/1.1 431");

    String garbage = raw("NOT HTTP AT ALL\r\n\r\n");
    assertThat(garbage).startsWith("HTTP/1.1 400");
  }

  @Test
  void closeUnbindsAndStopsItsThreads() throws Exception {
    send(HttpRequest.newBuilder(uri("/health")));
    Set<Thread> started = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !threadsBefore.contains(t) && t.getName().startsWith("cairnkv-admin"))
        .collect(Collectors.toSet());
    assertThat(started).isNotEmpty();

    server.close();

    for (Thread t : started) {
      t.join(5_000);
      assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
    }
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.address().getPort()).close())
        .isInstanceOf(IOException.class);
    server.close(); // idempotent
  }

  @Test
  void aTakenPortFailsWithTheConfigKeysInTheMessage() {
    assertThatThrownBy(() -> AdminHttpServer.start("127.0.0.1", server.address().getPort(), new AdminRouter(endpoints)))
        .isInstanceOf(IOException.class).hasMessageContaining("admin-port");
  }
}
