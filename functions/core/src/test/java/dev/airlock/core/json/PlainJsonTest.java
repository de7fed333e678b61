package dev.airlock.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainJsonTest {
  private final PlainJson json = PlainJson.createDefault();

  private Object read(String text) {
    return json.read(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void read_shouldReturnPlainValues_whenJsonIsWellFormed() {
    Object value =
        read("{\"a\":1,\"b\":[true,null,\"é👋\"],\"c\":{\"d\":1.5},\"e\":99999999999999999999}");

    assertEquals(
        Map.of(
            "a",
            1L,
            "b",
            Arrays.asList(true, null, "é👋"),
            "c",
            Map.of("d", 1.5),
            "e",
            new BigInteger("99999999999999999999")),
        value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\":}", "nul", "\"unterminated", "{\"a\":1,}", "\u0000"})
  void read_shouldThrowMalformed_whenInputIsNotJson(String input) {
    assertThrows(MalformedJsonException.class, () -> read(input));
  }

  @Test
  void read_shouldThrowMalformed_whenBytesAreNotUtf8() {
    byte[] invalid = {'"', (byte) 0xC3, (byte) 0x28, '"'};

    assertThrows(MalformedJsonException.class, () -> json.read(invalid));
  }

  @Test
  void read_shouldThrowMalformed_whenNestingIsHostile() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThrows(MalformedJsonException.class, () -> read(deep));
  }

  @Test
  void read_shouldRefuse_whenNestingExceedsTheLimitButNotTheParsers() {
    int depth = PlainJson.MAX_DEPTH + 2;
    String deep = "[".repeat(depth) + "]".repeat(depth);

    MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> read(deep));
    assertEquals("JSON nests too deeply", e.getMessage());
  }

  @Test
  void read_shouldNotQuoteTheInput_whenItFails() {
    MalformedJsonException e =
        assertThrows(MalformedJsonException.class, () -> read("{\"secret-canary-123\""));

    assertFalse(e.getMessage().contains("canary"));
  }

  @Test
  void read_shouldThrowMalformed_whenTheDocumentIsOnlyNull() {
    assertThrows(MalformedJsonException.class, () -> read("null"));
    assertThrows(
        MalformedJsonException.class,
        () -> json.read(" null ".getBytes(StandardCharsets.UTF_8), List.of("a")));
  }

  @Test
  void read_shouldThrowMalformed_whenValuesFollowTheFirst() {
    assertThrows(MalformedJsonException.class, () -> read("{} {}"));
    assertThrows(MalformedJsonException.class, () -> read("1 x"));
  }

  @Test
  void read_shouldKeepTheLastValueInTheFirstPosition_whenANameRepeats() {
    Object value = read("{\"a\":1,\"b\":2,\"a\":3}");

    assertEquals(List.of("a", "b"), List.copyOf(((Map<?, ?>) value).keySet()));
    assertEquals(3L, ((Map<?, ?>) value).get("a"));
  }

  private static final String DOC =
      "{\"action\":\"opened\",\"number\":2,\"pull_request\":{\"url\":\"u\",\"head\":"
          + "{\"sha\":\"abc\",\"repo\":{\"id\":1,\"big\":[1,2,{\"x\":[]}]}},\"body\":\"b\"},"
          + "\"repository\":{\"id\":7,\"owner\":{\"login\":\"o\",\"id\":9,\"url\":\"v\"}},"
          + "\"list\":[{\"a\":1},{\"a\":2}],\"sender\":{\"login\":\"s\"}}";

  @Test
  void readPaths_shouldBuildOnlyThePaths_whenTheDocumentHasMore() {
    Object kept =
        json.read(
            DOC.getBytes(StandardCharsets.UTF_8),
            List.of("action", "pull_request.head.sha", "repository.owner", "list.a", "missing.x"));

    assertEquals(
        Map.of(
            "action",
            "opened",
            "pull_request",
            Map.of("head", Map.of("sha", "abc")),
            "repository",
            Map.of("owner", Map.of("login", "o", "id", 9L, "url", "v")),
            // An array on the way is kept whole: the path cannot select inside it.
            "list",
            List.of(Map.of("a", 1L), Map.of("a", 2L))),
        kept);
  }

  @Test
  void readPaths_shouldKeepTheWholeValue_whenAPathAndItsPrefixAreBothAsked() {
    Object kept =
        json.read(
            DOC.getBytes(StandardCharsets.UTF_8), List.of("repository.owner.login", "repository"));

    assertEquals(((Map<?, ?>) read(DOC)).get("repository"), ((Map<?, ?>) kept).get("repository"));
  }

  @Test
  void readPaths_shouldKeepAnEmptyRoot_whenNoPathIsAsked() {
    assertEquals(Map.of(), json.read(DOC.getBytes(StandardCharsets.UTF_8), List.of()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"keep\":1,\"skip\":{\"a\":}}",
        "{\"keep\":1,\"skip\":\"bad escape \\q\"}",
        "{\"keep\":1,\"skip\":[1,2,]}",
        "{\"keep\":1,\"skip\":nul}",
        "{\"keep\":1,\"skip\":\"control \u0001 char\"}",
        "{\"keep\":1,\"skip\":01}",
        "{\"keep\":1} trailing",
        "{\"keep\":1,\"skip\":[}",
      })
  void readPaths_shouldThrowMalformed_whenASkippedValueIsMalformed(String input) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);

    assertThrows(MalformedJsonException.class, () -> json.read(bytes));
    assertThrows(MalformedJsonException.class, () -> json.read(bytes, List.of("keep")));
  }

  @Test
  void readPaths_shouldThrowMalformed_whenASkippedStringIsNotUtf8() {
    byte[] invalid = {
      '{', '"', 'k', '"', ':', '1', ',', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
    };

    assertThrows(MalformedJsonException.class, () -> json.read(invalid, List.of("k")));
  }

  @Test
  void readPaths_shouldRefuse_whenASkippedValueNestsTooDeeply() {
    int depth = PlainJson.MAX_DEPTH + 2;
    String deep = "{\"k\":1,\"s\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

    MalformedJsonException e =
        assertThrows(
            MalformedJsonException.class,
            () -> json.read(deep.getBytes(StandardCharsets.UTF_8), List.of("k")));
    assertEquals("JSON nests too deeply", e.getMessage());
  }

  @Test
  void readPaths_shouldRefuse_whenASkippedValueIsHostilelyDeep() {
    String deep = "{\"k\":1,\"s\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThrows(
        MalformedJsonException.class,
        () -> json.read(deep.getBytes(StandardCharsets.UTF_8), List.of("k")));
  }

  @Test
  void write_shouldRoundTrip_whenValuesArePlain() {
    Map<String, Object> value = Map.of("s", "x", "n", 2L, "l", List.of("a"), "b", false);

    assertEquals(value, json.read(json.write(value)));
  }

  @Test
  void write_shouldRefuse_whenValueIsNotPlainData() {
    assertThrows(IllegalArgumentException.class, () -> json.write(new Object()));
  }
}
