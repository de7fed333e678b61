package dev.airlock.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API Gateway stand-in against clients that do not speak HTTP politely, over raw sockets: a
 * request whose framing is broken is answered 400 and invokes nothing, and slow clients cannot
 * starve everyone else of an answer (API Gateway itself never lets a client hold the function).
 */
class ApiGatewayServerIT {
  private static final String ROUTE = "/webhooks/github";
  private static final AtomicInteger INVOCATIONS = new AtomicInteger();
  private static ApiGatewayServer server;

  @BeforeAll
  static void start() throws IOException {
    server = ApiGatewayServer.start(0);
    server.route(
        ROUTE,
        new ApiGatewayServer.Route(
            "probe",
            30,
            512,
            (event, context) -> {
              INVOCATIONS.incrementAndGet();
              APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
              r.setStatusCode(202);
              r.setBody("{\"status\":\"accepted\"}");
              return r;
            }));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Defect: a broken chunk size or a body shorter than its Content-Length made the body read throw
   * inside the handler, and the client got its connection closed without any answer, where API
   * Gateway answers 400.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        "Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n",
        "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
        "Content-Length: 10\r\n\r\n{}"
      })
  void handle_shouldAnswer400AndInvokeNothing_whenTheBodyFramingIsBroken(String framing)
      throws IOException {
    int before = INVOCATIONS.get();

    String answer =
        exchange(
            "POST "
                + ROUTE
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + framing);

    assertTrue(answer.startsWith("HTTP/1.1 400 "), "answer: " + answer);
    assertEquals(before, INVOCATIONS.get(), "the function was not invoked");
  }

  /**
   * Defect: every request ran on a pool of 32 threads and a body read had no end, so 32 clients
   * that sent their headers and then trickled (or withheld) their body took every thread, and no
   * other client got an answer.
   */
  @Test
  void handle_shouldKeepAnsweringOthers_whenManyClientsSendTheirBodiesSlowly() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        Socket s = new Socket("127.0.0.1", server.baseUrl().getPort());
        s.getOutputStream()
            .write(
                ("POST " + ROUTE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      Thread.sleep(500);
      int before = INVOCATIONS.get();

      String answer =
          exchange(
              "POST "
                  + ROUTE
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");

      assertTrue(answer.startsWith("HTTP/1.1 202 "), "answer: " + answer);
      assertEquals(before + 1, INVOCATIONS.get(), "only the complete request was invoked");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  /**
   * Defect: a client that sent its headers and then withheld its body held its connection and a
   * thread for as long as it liked; it is cut off at the body deadline, and nothing is invoked.
   */
  @Test
  void handle_shouldCloseTheConnectionAndInvokeNothing_whenTheBodyDoesNotArriveInTime()
      throws Exception {
    try (ApiGatewayServer strict = ApiGatewayServer.start(0, Duration.ofSeconds(1))) {
      AtomicInteger invoked = new AtomicInteger();
      strict.route(
          ROUTE,
          new ApiGatewayServer.Route(
              "probe",
              30,
              512,
              (event, context) -> {
                invoked.incrementAndGet();
                return new APIGatewayV2HTTPResponse();
              }));
      try (Socket s = new Socket("127.0.0.1", strict.baseUrl().getPort())) {
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(
                ("POST " + ROUTE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        long start = System.nanoTime();

        int first = s.getInputStream().read();

        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(-1, first, "the connection was closed, with nothing to say");
        assertTrue(waitedMillis < 8_000, "cut off at the deadline, not later: " + waitedMillis);
        assertEquals(0, invoked.get(), "the function was not invoked");
      }
    }
  }

  /** Sends {@code request}, half-closes, and reads the answer for at most 10 s. */
  private static String exchange(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.baseUrl().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.shutdownOutput();
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      try {
        s.getInputStream().transferTo(in);
      } catch (SocketTimeoutException | java.net.SocketException e) {
        in.write(("<" + e.getClass().getSimpleName() + ">").getBytes(StandardCharsets.US_ASCII));
      }
      String answer = in.toString(StandardCharsets.ISO_8859_1);
      return answer.isEmpty() ? "<closed without an answer>" : answer;
    }
  }
}
