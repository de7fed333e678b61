package dev.airlock.emulators.codehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.airlock.emulators.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redaction of what clients put in request paths; no sockets. */
class RequestLogTest {

  @Test
  void record_shouldMaskTokensJwtsAndControlCharacters_whenPathCarriesThem() {
    List<String> lines = new ArrayList<>();
    RequestLog log = new RequestLog(new MutableClock(Instant.EPOCH), lines::add);
    String token = "ghs_abcdefghijklmnopqrstuvwxyz0123456789";
    String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2lnbmF0dXJlLWJ5dGVz";

    log.record("GET", "/acme/" + token + ".git/info/refs", 401, null);
    log.record("GET", "/api/v3/" + jwt, 404, null);
    log.record("GET", "/x\r\ncodehost forged 200", 404, null);

    assertEquals(3, lines.size());
    assertFalse(lines.get(0).contains(token.substring(4)), lines.get(0));
    assertEquals(
        "codehost 1970-01-01T00:00:00Z GET /acme/ghs_[redacted].git/info/refs 401 anonymous",
        lines.get(0));
    assertFalse(lines.get(1).contains("c2lnbmF0dXJlLWJ5dGVz"), lines.get(1));
    assertFalse(lines.get(2).contains("\n") || lines.get(2).contains("\r"));
    assertEquals(lines.get(0), log.entries().get(0).toLogLine());
  }
}
