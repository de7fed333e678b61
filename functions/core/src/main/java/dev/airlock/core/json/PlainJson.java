package dev.airlock.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON to and from plain Java values, for domains that read documents they do not own (webhook
 * payloads, SARIF, token responses) without a JSON library in their API. Values are {@code
 * Map<String, Object>} (insertion-ordered; a repeated name keeps its first position and its last
 * value), {@code List<Object>}, {@code String}, {@code Boolean}, {@code Long}/{@code BigInteger},
 * {@code Double}/{@code BigDecimal}, or {@code null}.
 *
 * <p>Reads with Jackson's streaming parser straight into those values (no intermediate tree: the
 * tree and its conversion were half of a webhook's parse); Jackson's own limits on string and
 * number lengths bound hostile input, and nesting deeper than {@value #MAX_DEPTH} is refused.
 * {@link #read(byte[], Collection)} builds only the parts a caller will look at and skips the rest,
 * which is still parsed in full: a document is refused for the same reasons either way. Writing
 * runs on Micronaut Serialization's {@link JsonMapper}. Every read failure is a {@link
 * MalformedJsonException} whose message never quotes the input.
 */
public final class PlainJson {
  /** Deeper documents are refused; real payloads, SARIF and Airlock's documents nest far less. */
  static final int MAX_DEPTH = 64;

  /** Thread-safe once built; parsers are cheap and per call. */
  private static final JsonFactory PARSERS = JsonFactory.builder().build();

  /** The path trees of {@link #read(byte[], Collection)}, built once per list of paths. */
  private static final Map<Collection<String>, Keep> KEEPS = new ConcurrentHashMap<>();

  private static final int MAX_KEEPS = 256;

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
   * @throws MalformedJsonException for empty input, a document that is only {@code null}, invalid
   *     UTF-8, syntax errors, trailing data or nesting deeper than {@value #MAX_DEPTH}
   */
  public Object read(byte[] json) {
    return parse(json, null);
  }

  /**
   * Parses exactly one JSON value, like {@link #read(byte[])}, but builds only the values at {@code
   * paths} (dotted member names from the root object: {@code "repository.owner.login"}) and
   * everything beneath them; every other member of the objects on the way is checked and skipped.
   * For each path, looking it up in the result gives what looking it up in {@code read(json)}
   * gives. Where a path meets an array or a scalar before its end, that value is kept whole.
   *
   * @param paths the paths to keep; empty keeps an empty root object (the document is still
   *     checked)
   * @throws MalformedJsonException exactly when {@link #read(byte[])} would
   */
  public Object read(byte[] json, Collection<String> paths) {
    if (paths == null) {
      throw new IllegalArgumentException("paths are required");
    }
    Keep keep = KEEPS.get(paths);
    if (keep == null) {
      keep = Keep.of(paths);
      // Callers pass a few constant lists (one per event type): remember those, bounded so that
      // a caller building lists per call cannot grow the map.
      if (KEEPS.size() < MAX_KEEPS) {
        KEEPS.putIfAbsent(List.copyOf(paths), keep);
      }
    }
    return parse(json, keep);
  }

  private static Object parse(byte[] json, Keep keep) {
    if (json == null || json.length == 0) {
      throw new MalformedJsonException("empty JSON");
    }
    try (JsonParser parser = PARSERS.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedJsonException("not well-formed JSON");
      }
      Object value = value(parser, first, keep, 0);
      // A document that is only JSON null is no value to read (as it always was here).
      if (value == null || parser.nextToken() != null) {
        throw new MalformedJsonException("not well-formed JSON");
      }
      return value;
    } catch (MalformedJsonException e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Parsers report errors with excerpts of the input; none of that is passed on.
      throw new MalformedJsonException("not well-formed JSON");
    }
  }

  /** The value starting at {@code token}; {@code keep} null = all of it. */
  private static Object value(JsonParser p, JsonToken token, Keep keep, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new MalformedJsonException("JSON nests too deeply");
    }
    switch (token) {
      case START_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            Keep below = keep == null ? null : keep.child(name);
            if (keep != null && below == null) {
              skip(p, v, depth + 1);
            } else {
              map.put(name, value(p, v, below == Keep.ALL ? null : below, depth + 1));
            }
          }
          return map;
        }
      case START_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            list.add(value(p, t, null, depth + 1));
          }
          return list;
        }
      case VALUE_STRING:
        return p.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
          case LONG:
            return p.getLongValue();
          default:
            return p.getBigIntegerValue();
        }
      case VALUE_NUMBER_FLOAT:
        return p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
            ? p.getDecimalValue()
            : (Object) p.getDoubleValue();
      default:
        throw new MalformedJsonException("not well-formed JSON");
    }
  }

  /** Parses past the value starting at {@code token} without building it (same checks). */
  private static void skip(JsonParser p, JsonToken token, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new MalformedJsonException("JSON nests too deeply");
    }
    if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
      return;
    }
    for (JsonToken t = p.nextToken(); ; t = p.nextToken()) {
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        return;
      }
      if (t == JsonToken.FIELD_NAME) {
        t = p.nextToken();
      }
      skip(p, t, depth + 1);
    }
  }

  /** The member names to keep below one object; {@link #ALL} keeps a whole value. */
  private static final class Keep {
    static final Keep ALL = new Keep();
    private final Map<String, Keep> children = new HashMap<>();

    static Keep of(Collection<String> paths) {
      Keep root = new Keep();
      for (String path : paths) {
        if (path == null || path.isEmpty()) {
          throw new IllegalArgumentException("a path must not be empty");
        }
        Keep node = root;
        String[] steps = path.split("\\.", -1);
        for (int i = 0; i < steps.length && node != ALL; i++) {
          boolean last = i == steps.length - 1;
          Keep next = node.children.get(steps[i]);
          if (last) {
            node.children.put(steps[i], ALL);
          } else if (next == null) {
            next = new Keep();
            node.children.put(steps[i], next);
          }
          node = next;
        }
      }
      return root;
    }

    Keep child(String name) {
      return children.get(name);
    }
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
