package dev.airlock.analyze.adapter.json;

import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.core.json.PlainJson;
import io.micronaut.json.JsonMapper;

/**
 * {@link JsonCodec} on core's {@link PlainJson}, whose read failures ({@code
 * MalformedJsonException}) are the {@link IllegalArgumentException}s the port promises.
 */
public final class SerdeJsonCodec implements JsonCodec {
  private final PlainJson json;

  public SerdeJsonCodec(JsonMapper mapper) {
    this.json = new PlainJson(mapper);
  }

  /** A codec on the default mapper (no application context needed). */
  public static SerdeJsonCodec createDefault() {
    return new SerdeJsonCodec(JsonMapper.createDefault());
  }

  @Override
  public Object read(byte[] document) {
    return json.read(document);
  }

  @Override
  public byte[] write(Object value) {
    return json.write(value);
  }
}
