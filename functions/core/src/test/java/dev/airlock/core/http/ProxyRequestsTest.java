package dev.airlock.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyRequestsTest {

  @Test
  void normalizeHeaders_shouldTrimSpacesAndTabsAroundValues_whenValuesArePadded() {
    Map<String, String> headers = new HashMap<>();
    headers.put("x-hub-signature-256", " \tsha256=ab ");
    headers.put("x-github-event", "push");
    assertTrue(ProxyRequests.normalizeHeaders(headers));
    assertEquals("sha256=ab", headers.get("x-hub-signature-256"));
    assertEquals("push", headers.get("x-github-event"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\r\nx-injected: 1", "a\nb", "\u0007", "a\u007fb"})
  void normalizeHeaders_shouldRefuse_whenAValueHoldsAControlCharacter(String value) {
    Map<String, String> headers = new HashMap<>(Map.of("x-gitlab-token", value));
    assertFalse(ProxyRequests.normalizeHeaders(headers));
  }

  @Test
  void normalizeHeaders_shouldRefuse_whenANameHoldsAControlCharacter() {
    assertFalse(ProxyRequests.normalizeHeaders(new HashMap<>(Map.of("x-a\nb", "v"))));
    assertTrue(ProxyRequests.normalizeHeaders(null));
  }

  @Test
  void isBase64_shouldAgreeWithTheJdkDecoder_whenGivenEncodingsAndTheirDamagedForms() {
    Random random = new Random(7);
    for (int len = 0; len < 40; len++) {
      byte[] bytes = new byte[len];
      random.nextBytes(bytes);
      String padded = Base64.getEncoder().encodeToString(bytes);
      String unpadded = Base64.getEncoder().withoutPadding().encodeToString(bytes);
      for (String s : new String[] {padded, unpadded, padded + "=", "=" + padded, padded + "A"}) {
        assertEquals(jdkAccepts(s), ProxyRequests.isBase64(s), "'" + s + "'");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64!", "ab$d", "YWJj\n", "YQ=x", "Y===", "-_-_", "YWJjZA=", "A"})
  void isBase64_shouldRefuse_whenTheJdkDecoderWould(String text) {
    assertFalse(jdkAccepts(text), text);
    assertFalse(ProxyRequests.isBase64(text), text);
  }

  @Test
  void isBase64_shouldAccept_whenBodyIsAnEncodedJsonPayload() {
    String body =
        Base64.getEncoder().encodeToString("{\"zen\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
    assertTrue(ProxyRequests.isBase64(body));
    assertTrue(ProxyRequests.isBase64(""));
    assertTrue(ProxyRequests.isBase64(null));
  }

  private static boolean jdkAccepts(String s) {
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
