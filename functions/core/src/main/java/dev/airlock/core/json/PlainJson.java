package dev.airlock.core.json;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from plain Java values, for domains that read documents they do not own (webhook
 * payloads, SARIF, token responses) without a JSON library in their API. Values are {@code
 * Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String}, {@code Boolean},
 * {@code Long}/{@code BigInteger}, {@code Double}/{@code BigDecimal}, or {@code null}.
 *
 * <p>Runs on Micronaut Serialization's {@link JsonMapper} (Jackson's streaming parser underneath,
 * whose nesting and length limits bound hostile input); reading goes through the JSON tree and
 * converts it, so callers never see a framework type. Every read failure is a {@link
 * MalformedJsonException} whose message never quotes the input.
 */
public final class PlainJson {
  /** Deeper documents are refused; real payloads, SARIF and Airlock's documents nest far less. */
  static final int MAX_DEPTH = 64;

  private final JsonMapper mapper;

  public PlainJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** A codec on the default mapper (no application context needed: tests, CLI). */
  public static PlainJson createDefault() {
    return new PlainJson(JsonMapper.createDefault());
  }

  /**
   * Parses exactly one JSON value.
   *
   * @throws MalformedJsonException for empty input, invalid UTF-8, syntax errors, trailing data or
   *     nesting deeper than {@value #MAX_DEPTH}
   */
  public Object read(byte[] json) {
    if (json == null || json.length == 0) {
      throw new MalformedJsonException("empty JSON");
    }
    JsonNode node;
    try {
      node = mapper.readValue(json, JsonNode.class);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Parsers report errors with excerpts of the input; none of that is passed on.
      throw new MalformedJsonException("not well-formed JSON");
    }
    if (node == null) {
      throw new MalformedJsonException("not well-formed JSON");
    }
    return plain(node, 0);
  }

  private static Object plain(JsonNode node, int depth) {
    if (depth > MAX_DEPTH) {
      throw new MalformedJsonException("JSON nests too deeply");
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.entries()) {
        map.put(e.getKey(), plain(e.getValue(), depth + 1));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode v : node.values()) {
        list.add(plain(v, depth + 1));
      }
      return list;
    }
    if (node.isString()) {
      return node.getStringValue();
    }
    if (node.isBoolean()) {
      return node.getBooleanValue();
    }
    if (node.isNumber()) {
      Number n = node.getNumberValue();
      if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
        return n.longValue();
      }
      if (n instanceof Long || n instanceof BigInteger || n instanceof BigDecimal) {
        return n;
      }
      return n.doubleValue();
    }
    return null;
  }

  /**
   * Serialises plain values (as above) to UTF-8 JSON.
   *
   * @throws IllegalArgumentException if {@code value} holds anything but plain values
   */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("value is not plain JSON data");
    }
  }
}
