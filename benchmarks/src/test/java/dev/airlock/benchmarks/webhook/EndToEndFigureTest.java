package dev.airlock.benchmarks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class EndToEndFigureTest {

  @Test
  void errorKind_shouldNameTheExceptionItsCausesAndMessage_whenARequestGotNoAnswer() {
    IOException closed =
        new IOException("HTTP/1.1 header parser received no bytes", new ConnectException("reset"));

    assertEquals(
        "IOException <- ConnectException: HTTP/1.1 header parser received no bytes",
        EndToEndFigure.errorKind(closed));
    assertEquals(
        "HttpTimeoutException: request timed out",
        EndToEndFigure.errorKind(new HttpTimeoutException("request timed out")));
  }

  @Test
  void errorKind_shouldCutALongMessage_soThatKindsGroupTogether() {
    String kind = EndToEndFigure.errorKind(new IOException("x".repeat(500)));

    assertEquals("IOException: " + "x".repeat(80), kind);
  }
}
