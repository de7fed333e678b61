package dev.airlock.webhook.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.webhook.domain.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook adapter over core's PlainJson (whose own behaviour PlainJsonTest covers). */
class SerdeJsonCodecTest {
  private final SerdeJsonCodec codec = SerdeJsonCodec.createDefault();

  private Object read(String json) {
    return codec.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\":}", "nul", "\"unterminated", "{\"a\":1,}", "\u0000"})
  void read_shouldThrowMalformed_whenInputIsNotJson(String input) {
    assertThrows(JsonCodec.MalformedJsonException.class, () -> read(input));
  }

  @Test
  void read_shouldNotQuoteTheInput_whenItFails() {
    JsonCodec.MalformedJsonException e =
        assertThrows(JsonCodec.MalformedJsonException.class, () -> read("{\"secret-canary-123\""));

    assertEquals(false, e.getMessage().contains("canary"));
  }

  @Test
  void write_shouldRoundTrip_whenValuesArePlain() {
    Map<String, Object> value = Map.of("s", "x", "n", 2L, "l", List.of("a"), "b", false);

    assertEquals(value, codec.read(codec.write(value)));
  }
}
