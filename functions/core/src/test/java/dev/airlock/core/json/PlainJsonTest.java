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
  void write_shouldRoundTrip_whenValuesArePlain() {
    Map<String, Object> value = Map.of("s", "x", "n", 2L, "l", List.of("a"), "b", false);

    assertEquals(value, json.read(json.write(value)));
  }

  @Test
  void write_shouldRefuse_whenValueIsNotPlainData() {
    assertThrows(IllegalArgumentException.class, () -> json.write(new Object()));
  }
}
