package dev.airlock.webhook.adapter;

import dev.airlock.core.json.PlainJson;
import dev.airlock.webhook.domain.JsonCodec;
import io.micronaut.json.JsonMapper;
import java.util.List;

/**
 * {@link JsonCodec} on core's {@link PlainJson}; translates its failures into the webhook port's
 * {@link JsonCodec.MalformedJsonException} (answered with {@code 400}).
 */
public final class SerdeJsonCodec implements JsonCodec {
  private final PlainJson json;

  public SerdeJsonCodec(JsonMapper mapper) {
    this.json = new PlainJson(mapper);
  }

  /** A codec on the default mapper (no application context needed: tests, CLI). */
  public static SerdeJsonCodec createDefault() {
    return new SerdeJsonCodec(JsonMapper.createDefault());
  }

  @Override
  public Object read(byte[] body) {
    try {
      return json.read(body);
    } catch (dev.airlock.core.json.MalformedJsonException e) {
      throw new MalformedJsonException("body: " + e.getMessage());
    }
  }

  @Override
  public Object read(byte[] body, List<String> paths) {
    try {
      return json.read(body, paths);
    } catch (dev.airlock.core.json.MalformedJsonException e) {
      throw new MalformedJsonException("body: " + e.getMessage());
    }
  }

  @Override
  public byte[] write(Object value) {
    return json.write(value);
  }
}
