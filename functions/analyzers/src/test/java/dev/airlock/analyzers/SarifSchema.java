package dev.airlock.analyzers;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OASIS SARIF 2.1.0 schema from the shared fixtures, as a validator. */
public final class SarifSchema {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static Schema schema;

  private SarifSchema() {}

  /** The fixtures directory ({@code airlock.fixtures.dir}). */
  public static Path fixtures() {
    return Path.of(System.getProperty("airlock.fixtures.dir"));
  }

  private static synchronized Schema schema() {
    if (schema == null) {
      try {
        JsonNode node =
            JSON.readTree(
                Files.readString(fixtures().resolve("schemas/sarif/sarif-schema-2.1.0.json")));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(node);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema;
  }

  /** Schema violations of a SARIF document, described; empty when valid. */
  public static List<String> violations(String json) {
    List<Error> errors = schema().validate(JSON.readTree(json));
    return errors.stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList();
  }
}
