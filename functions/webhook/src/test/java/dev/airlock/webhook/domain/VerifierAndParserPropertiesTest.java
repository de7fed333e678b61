package dev.airlock.webhook.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.airlock.webhook.Signing;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arbitrary bodies and headers thrown at the verifiers and parsers: nothing but the documented
 * outcomes ever comes out (no exception a controller would turn into a 5xx), and nothing verifies
 * without the secret. The same inputs go through the whole service on real queues in {@code
 * WebhookServicePropertiesIT}.
 */
class VerifierAndParserPropertiesTest {
  private static final JsonCodec JSON = SerdeJsonCodec.createDefault();
  private static final List<WebhookSecret> SECRETS =
      List.of(WebhookSecret.of("property-secret"), WebhookSecret.of("whsec_" + "QUJD".repeat(8)));
  private static final List<String> HEADER_NAMES =
      List.of(
          "X-Hub-Signature-256",
          "x-hub-signature",
          "X-Gitlab-Token",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "Content-Type",
          "X-GitHub-Event");

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
    Arbitrary<byte[]> jsonish =
        Arbitraries.strings()
            .withChars("{}[]\":,0123456789-.eEtrufalsn \\u\t\n👋é")
            .ofMaxLength(200)
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> shaped =
        Arbitraries.of(
                "{\"action\":\"opened\",\"installation\":{\"id\":1},\"number\":-1}",
                "{\"after\":\"0\",\"ref\":null}",
                "{\"push\":{\"changes\":[{\"new\":{\"type\":\"branch\",\"target\":{}}}]}}",
                "{\"repository\":{\"uuid\":\"{\",\"full_name\":\"/\"}}",
                "{\"project\":{\"path_with_namespace\":\"/\",\"id\":1.5}}",
                "[[[[[[[[[[]]]]]]]]]]",
                "{\"installation\":{\"id\":99999999999999999999999,\"account\":{\"id\":-1}}}")
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(raw, jsonish, shaped);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> headers() {
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(80),
            Arbitraries.strings()
                .withChars("0123456789abcdef")
                .ofLength(64)
                .map(h -> "sha256=" + h),
            Arbitraries.of("v1,AAAA", "v1,", "sha256=", "property-secret ", "1614265330", "-1"));
    return Arbitraries.maps(Arbitraries.of(HEADER_NAMES), values.list().ofMinSize(1).ofMaxSize(2))
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> eventTypes() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "push",
            "pull_request",
            "installation",
            "installation_repositories",
            "ping",
            "Push Hook",
            "Merge Request Hook",
            "repo:push",
            "pullrequest:created"),
        Arbitraries.strings().ofMaxLength(20));
  }

  @Property(tries = 400)
  void verify_shouldNeverThrowOrAccept_whenSignatureIsArbitrary(
      @ForAll("bodies") byte[] body, @ForAll("headers") Map<String, List<String>> headers) {
    Headers h = Headers.of(headers);
    for (SignatureVerifier verifier :
        List.of(
            HubSignatureVerifier.github(),
            HubSignatureVerifier.bitbucket(),
            new GitLabVerifier(Duration.ofMinutes(5)))) {
      Verification result = verifier.verify(h, body, SECRETS, Instant.ofEpochSecond(1614265330));

      assertFalse(result instanceof Verification.Verified, "verified without the secret");
    }
  }

  @Property(tries = 400)
  void parse_shouldOnlyReturnOrThrowPayloadErrors_whenBodyIsArbitrary(
      @ForAll("bodies") byte[] body, @ForAll("eventTypes") String eventType) {
    Object parsed;
    try {
      parsed = JSON.read(body);
    } catch (JsonCodec.MalformedJsonException e) {
      return;
    }
    for (EventParser parser :
        List.of(new GitHubEventParser(), new GitLabEventParser(), new BitbucketEventParser())) {
      try {
        parser.parse(eventType, parsed);
      } catch (PayloadException expected) {
        // 400: the only failure a parser may report
      }
    }
  }

  @Property(tries = 200)
  void verify_shouldAccept_whenSignedWithTheSecretWhateverTheBytes(@ForAll("bodies") byte[] body) {
    Headers h =
        Headers.ofSingle(
            Map.of("X-Hub-Signature-256", Signing.hubSignature("property-secret", body)));

    Verification result = HubSignatureVerifier.github().verify(h, body, SECRETS, Instant.EPOCH);

    org.junit.jupiter.api.Assertions.assertEquals(new Verification.Verified(0), result);
  }
}
