package dev.airlock.webhook.domain;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only navigation over a parsed payload (see {@link JsonCodec}) that turns every shape
 * surprise into a {@link PayloadException} (answered 400), never a {@code ClassCastException} or
 * {@code NullPointerException} (which would become a 500).
 */
final class JsonTree {
  private final Object root;

  private JsonTree(Object root) {
    this.root = root;
  }

  /** The payload must be a JSON object. */
  static JsonTree object(Object parsed) {
    if (!(parsed instanceof Map)) {
      throw new PayloadException("payload is not a JSON object");
    }
    return new JsonTree(parsed);
  }

  /** The value at {@code path}, or empty if any step is missing or null. */
  Optional<Object> find(String... path) {
    Object node = root;
    for (String step : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      node = map.get(step);
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** A sub-tree, if present and an object. */
  Optional<JsonTree> findObject(String... path) {
    return find(path).map(v -> v instanceof Map ? new JsonTree(v) : null);
  }

  /** The objects of the array at {@code path}; non-objects in it are a payload error. */
  List<JsonTree> objects(String... path) {
    Object v = find(path).orElse(List.of());
    if (!(v instanceof List<?> list)) {
      throw new PayloadException(String.join(".", path) + " is not an array");
    }
    return list.stream()
        .map(
            item -> {
              if (!(item instanceof Map)) {
                throw new PayloadException(String.join(".", path) + " holds a non-object");
              }
              return new JsonTree(item);
            })
        .toList();
  }

  Optional<String> findString(String... path) {
    Optional<Object> v = find(path);
    if (v.isPresent() && !(v.get() instanceof String)) {
      throw new PayloadException(String.join(".", path) + " is not a string");
    }
    return v.map(String.class::cast);
  }

  String string(String... path) {
    return findString(path)
        .orElseThrow(() -> new PayloadException(String.join(".", path) + " is missing"));
  }

  Optional<Boolean> findBoolean(String... path) {
    Optional<Object> v = find(path);
    if (v.isPresent() && !(v.get() instanceof Boolean)) {
      throw new PayloadException(String.join(".", path) + " is not a boolean");
    }
    return v.map(Boolean.class::cast);
  }

  boolean bool(String... path) {
    return findBoolean(path)
        .orElseThrow(() -> new PayloadException(String.join(".", path) + " is missing"));
  }

  /** A non-negative integer id (JSON number), as its decimal text. */
  Optional<String> findId(String... path) {
    Optional<Object> v = find(path);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Object n = v.get();
    if ((n instanceof Long || n instanceof Integer || n instanceof BigInteger)
        && new BigInteger(n.toString()).signum() >= 0
        && n.toString().length() <= 20) {
      return Optional.of(n.toString());
    }
    throw new PayloadException(String.join(".", path) + " is not an id");
  }

  String id(String... path) {
    return findId(path)
        .orElseThrow(() -> new PayloadException(String.join(".", path) + " is missing"));
  }

  /** A positive integer that fits an int (pull request numbers). */
  int positiveInt(String... path) {
    String id = id(path);
    try {
      int value = Integer.parseInt(id);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new PayloadException(String.join(".", path) + " is out of range");
  }
}
