package dev.airlock.analyze.adapter.json;

import dev.airlock.analyze.port.JsonCodec;
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
 * {@link JsonCodec} on Micronaut Serialization's {@link JsonMapper} (Jackson's streaming parser
 * underneath, whose nesting and length limits bound hostile input). Reading goes through the JSON
 * tree and converts it to plain values, so the domain never sees a framework type.
 */
public final class SerdeJsonCodec implements JsonCodec {
  /** Deeper documents are refused; SARIF and Airlock's own documents nest far less. */
  static final int MAX_DEPTH = 64;

  private final JsonMapper mapper;

  public SerdeJsonCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** A codec on the default mapper (no application context needed). */
  public static SerdeJsonCodec createDefault() {
    return new SerdeJsonCodec(JsonMapper.createDefault());
  }

  @Override
  public Object read(byte[] json) {
    if (json == null || json.length == 0) {
      throw new IllegalArgumentException("empty JSON");
    }
    JsonNode node;
    try {
      node = mapper.readValue(json, JsonNode.class);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Parser messages quote the input; none of that is passed on.
      throw new IllegalArgumentException("not well-formed JSON");
    }
    if (node == null) {
      throw new IllegalArgumentException("not well-formed JSON");
    }
    return plain(node, 0);
  }

  private static Object plain(JsonNode node, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("JSON nests too deeply");
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

  @Override
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("value is not plain JSON data");
    }
  }
}
