package io.cairnkv.server.cluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy attributes a connection to the process that opened it (this JVM, standing in for a member)
 * and holds its bytes while that member's link is cut, delivering them when it heals.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerProxyTest {
  private final Links links = new Links();
  private ServerSocket echo;
  private PeerProxy proxy;
  private int proxyPort;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(PeerProxy.supported(), "needs Linux /proc");
    echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    Thread server = new Thread(this::echoOne, "echo");
    server.setDaemon(true);
    server.start();
    long self = ProcessHandle.current().pid();
    proxy = new PeerProxy("target", 0, echo.getLocalPort(), links, () -> Map.of(self, "me"));
    proxyPort = proxy.port();
  }

  @AfterEach
  void stop() throws IOException {
    links.healAll();
    if (proxy != null) {
      proxy.close();
    }
    if (echo != null) {
      echo.close();
    }
  }

  @Test
  void holdsBytesWhileTheLinkIsCutAndDeliversThemWhenItHeals() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
      socket.setSoTimeout(500);
      assertThat(roundTrip(socket, 'a')).isEqualTo('a');
      assertThat(proxy.connectionsFrom("me")).as("connections attributed to this process").isEqualTo(1);

      links.cut("me", "target");
      socket.getOutputStream().write('b');
      assertThatThrownBy(() -> socket.getInputStream().read())
          .as("no reply while the link is cut").isInstanceOf(SocketTimeoutException.class);

      links.healAll();
      socket.setSoTimeout(5_000);
      assertThat(socket.getInputStream().read()).as("the held byte, echoed after healing").isEqualTo('b');
    }
  }

  @Test
  void aCutInTheOtherDirectionDoesNotStopThisOne() throws IOException {
    links.cut("target", "me");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
      socket.setSoTimeout(5_000);
      assertThat(roundTrip(socket, 'c')).isEqualTo('c');
    }
  }

  private static int roundTrip(Socket socket, char c) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(c);
    out.flush();
    InputStream in = socket.getInputStream();
    return in.read();
  }

  private void echoOne() {
    try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int b;
      while ((b = in.read()) >= 0) {
        out.write(b);
        out.flush();
      }
    } catch (IOException closed) {
      // test over
    }
  }
}
