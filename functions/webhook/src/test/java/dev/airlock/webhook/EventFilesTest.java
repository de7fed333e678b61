package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code events/webhook/*.json} are exactly what {@link WebhookEvents} makes from the fixtures:
 * same bytes, correct signatures. Run with {@code -Dairlock.events.regenerate=true} to rewrite
 * them.
 */
class EventFilesTest {

  static Stream<WebhookEvents.Spec> specs() {
    return WebhookEvents.SPECS.stream();
  }

  @BeforeAll
  static void regenerateIfAsked() {
    if (Boolean.getBoolean("airlock.events.regenerate")) {
      WebhookEvents.writeAll();
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void eventFile_shouldEqualWhatTheGeneratorMakes_whenCheckedIn(WebhookEvents.Spec spec)
      throws IOException {
    String onDisk = Files.readString(spec.path(), StandardCharsets.UTF_8);

    assertEquals(WebhookEvents.pretty(WebhookEvents.event(spec), "") + "\n", onDisk);
  }

  @ParameterizedTest
  @MethodSource("specs")
  void eventFile_shouldCarryTheFixtureBytesAndAValidSignature_whenReadAsLambdaDoes(
      WebhookEvents.Spec spec) throws IOException {
    APIGatewayV2HTTPEvent event = LambdaEvents.read(spec.path());

    byte[] body =
        event.getIsBase64Encoded()
            ? Base64.getDecoder().decode(event.getBody())
            : event.getBody().getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(spec.payload(), body, "body must be the fixture, byte for byte");
    String expected =
        switch (spec.provider()) {
          case "gitlab" -> WebhookEvents.TEST_SECRET;
          default -> Signing.hubSignature(WebhookEvents.TEST_SECRET, spec.payload());
        };
    String header =
        switch (spec.provider()) {
          case "github" -> "x-hub-signature-256";
          case "gitlab" -> "x-gitlab-token";
          default -> "x-hub-signature";
        };
    assertEquals(expected, event.getHeaders().get(header));
    assertEquals("/webhooks/" + spec.provider(), event.getRequestContext().getHttp().getPath());
    assertTrue(event.getHeaders().keySet().stream().allMatch(k -> k.equals(k.toLowerCase())));
  }
}
