package dev.airlock.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorBodiesTest {

  @ParameterizedTest
  @CsvSource({
    "400, rejected, bad-request",
    "401, rejected, unauthorized",
    "404, rejected, not-found",
    "405, rejected, method-not-allowed",
    "413, rejected, body-too-large",
    "415, rejected, unsupported-content-type",
    "418, rejected, client-error",
    "500, error, internal-error",
    "502, error, internal-error",
    "503, error, unavailable"
  })
  void forStatus_shouldDeriveStatusAndReasonFromTheCodeAlone_whenAnyCode(
      int code, String status, String reason) {
    assertEquals(
        "{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}",
        new String(ErrorBodies.forStatus(code), StandardCharsets.UTF_8));
  }
}
