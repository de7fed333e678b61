package dev.airlock.analyze;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.airlock.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The OASIS SARIF 2.1.0 schema from the shared fixtures, with networknt's validator. */
public final class SarifSchema {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
          .getSchema(
              JSON.readTree(
                  new String(
                      Fixtures.bytes("schemas/sarif/sarif-schema-2.1.0.json"),
                      StandardCharsets.UTF_8)));

  private SarifSchema() {}

  /** Validation errors of a SARIF log, as readable strings (empty: valid). */
  public static List<String> errors(byte[] sarif) {
    List<Error> errors = SCHEMA.validate(JSON.readTree(new String(sarif, StandardCharsets.UTF_8)));
    return errors.stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList();
  }
}
