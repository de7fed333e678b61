package dev.airlock.core.json;

import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON codec of the domain: Micronaut Serde (compile-time introspection, no reflection) for
 * {@code @Serdeable} types, usable without an application context.
 *
 * <p>Reading is strict about what the caller can rely on: a result is never {@code null} and every
 * failure is a {@link MalformedJsonException} whose message is safe to return to a client (it never
 * quotes the input). Writing a type that has no serde introspection is a programming error and
 * throws {@link IllegalArgumentException}.
 */
public final class Json {

  private static final String DOMAIN_PACKAGE = "dev.airlock.";

  private Json() {}

  /** Serializes {@code value} to UTF-8 JSON bytes. */
  public static byte[] write(Object value) {
    return writeString(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Serializes {@code value} to a JSON string. */
  public static String writeString(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("cannot serialize null");
    }
    try {
      return mapper().writeValueAsString(value);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot serialize " + value.getClass().getSimpleName() + " as JSON");
    }
  }

  /**
   * Parses UTF-8 JSON into {@code type}.
   *
   * @throws MalformedJsonException if the bytes are not JSON, are JSON {@code null}, or do not make
   *     a valid {@code type}
   */
  public static <T> T read(byte[] json, Class<T> type) {
    if (json == null || json.length == 0) {
      throw new MalformedJsonException("malformed " + type.getSimpleName() + ": empty input");
    }
    T value;
    try {
      value = mapper().readValue(json, type);
    } catch (IOException | RuntimeException e) {
      throw malformed(type, e);
    } catch (StackOverflowError e) {
      // Deeply nested hostile input: refuse it like any other malformed document.
      throw new MalformedJsonException("malformed " + type.getSimpleName() + ": nested too deep");
    }
    if (value == null) {
      throw new MalformedJsonException("malformed " + type.getSimpleName() + ": null");
    }
    return value;
  }

  /** Parses a JSON string into {@code type}; see {@link #read(byte[], Class)}. */
  public static <T> T read(String json, Class<T> type) {
    return read(json == null ? null : json.getBytes(StandardCharsets.UTF_8), type);
  }

  private static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  /** Built on first use; the default mapper needs no application context. */
  private static final class Holder {
    static final ObjectMapper MAPPER = ObjectMapper.getDefault();
  }

  /**
   * Keeps a domain validation message (our records name the field and never echo its value) and
   * drops everything else, because parser and serde messages quote the offending input.
   */
  private static MalformedJsonException malformed(Class<?> type, Throwable failure) {
    String reason = null;
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof IllegalArgumentException
          && !(t instanceof MalformedJsonException)
          && thrownByDomain(t)) {
        reason = t.getMessage();
        break;
      }
    }
    String name = type.getSimpleName();
    return new MalformedJsonException(
        reason == null ? "malformed " + name : "malformed " + name + ": " + reason);
  }

  private static boolean thrownByDomain(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith(DOMAIN_PACKAGE);
  }
}
