package dev.airlock.analyzers.sarif;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Serialisation helpers shared by the writer and the scrubber. */
public final class SarifJson {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private SarifJson() {}

  /** Parses JSON text into a tree. */
  public static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }

  /** Compact UTF-8 JSON bytes of {@code node}. */
  public static byte[] toBytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  /** Compact JSON text of {@code node}. */
  public static String toJson(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** How many bytes {@code node}'s JSON takes gzipped, the measure GitHub's upload limit uses. */
  public static long gzipSize(JsonNode node) {
    CountingStream counter = new CountingStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(counter, 64 * 1024)) {
      MAPPER.writeValue(gzip, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counter.count;
  }

  private static final class CountingStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
