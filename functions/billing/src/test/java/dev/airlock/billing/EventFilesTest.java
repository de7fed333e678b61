package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.airlock.billing.adapter.StripeJavaSignatureCheck;
import dev.airlock.billing.domain.StripeSignatureVerifier;
import dev.airlock.billing.domain.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code events/billing/*.json} are exactly what {@link StripeEvents} makes from the fixtures, and
 * their signatures are recomputed here with Stripe's scheme, so they cannot rot. Run with {@code
 * -Dairlock.events.regenerate=true} to rewrite them.
 */
class EventFilesTest {

  static Stream<StripeEvents.Spec> specs() {
    return StripeEvents.SPECS.stream();
  }

  @BeforeAll
  static void regenerateIfAsked() {
    if (Boolean.getBoolean("airlock.events.regenerate")) {
      StripeEvents.writeAll();
    }
    if (Boolean.getBoolean("airlock.events.sign-now")) {
      // Fresh signatures for replaying by hand (sam local invoke): the checked-in ones are older
      // than the 300-second tolerance by design.
      StripeEvents.writeAll(
          java.nio.file.Path.of("target", "billing-events-signed-now"),
          java.time.Instant.now().getEpochSecond());
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void eventFile_shouldEqualWhatTheGeneratorMakes_whenCheckedIn(StripeEvents.Spec spec)
      throws IOException {
    String onDisk = Files.readString(spec.path(), StandardCharsets.UTF_8);

    assertEquals(JsonText.pretty(StripeEvents.apiGatewayEvent(spec)) + "\n", onDisk);
  }

  @ParameterizedTest
  @MethodSource("specs")
  void eventFile_shouldCarryAValidStripeSignature_whenReadAsLambdaDoes(StripeEvents.Spec spec) {
    APIGatewayV2HTTPEvent event = LambdaEvents.read(spec.path());
    String body = event.getBody();
    String header = event.getHeaders().get("stripe-signature");

    assertEquals(spec.payload(), body);
    assertEquals(
        StripeSigning.header(StripeEvents.TEST_SECRET, StripeEvents.SIGNED_AT, body), header);
    Clock atSigning = Clock.fixed(Instant.ofEpochSecond(StripeEvents.SIGNED_AT), ZoneOffset.UTC);
    Verification v =
        new StripeSignatureVerifier(
                new StripeJavaSignatureCheck(),
                StripeSignatureVerifier.DEFAULT_TOLERANCE,
                atSigning)
            .verify(
                List.of(header),
                body.getBytes(StandardCharsets.UTF_8),
                List.of(StripeEvents.TEST_SECRET));
    assertInstanceOf(Verification.Verified.class, v);
    assertEquals("/webhooks/stripe", event.getRequestContext().getHttp().getPath());
    assertTrue(event.getHeaders().keySet().stream().allMatch(k -> k.equals(k.toLowerCase())));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void eventFile_shouldWrapTheFixtureObjectWithOnlyTheDocumentedOverrides(StripeEvents.Spec spec) {
    Map<String, Object> fixture = StripeEvents.object(spec.fixture());
    @SuppressWarnings("unchecked")
    Map<String, Object> wrapped =
        (Map<String, Object>)
            ((Map<String, Object>)
                    dev.airlock.core.json.Json.read(spec.payload(), Map.class).get("data"))
                .get("object");

    fixture.putAll(spec.overrides());
    assertEquals(fixture, wrapped);
  }
}
