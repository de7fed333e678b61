package dev.airlock.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The templates against the SAM JSON schema (draft-04, {@code schemas/sam/sam.schema.json} of the
 * shared fixtures). The schema covers SAM resources only; any other resource just needs a Type. The
 * upstream translator's known-good and known-bad inputs prove the validator is not a no-op.
 */
class SamSchemaTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern RESOURCE_ID = Pattern.compile("Resource with id \\[([^\\]]+)\\]");
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    Path file = samDir().resolve("sam.schema.json");
    JsonNode schemaNode = JSON.readTree(Files.readString(file));
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaNode);
  }

  private static Path samDir() {
    return Templates.fixtures().resolve("schemas/sam");
  }

  private static List<Error> validate(Map<String, Object> template) {
    return schema.validate(JSON.valueToTree(template));
  }

  private static String describe(List<Error> errors) {
    return errors.stream()
        .map(e -> e.getInstanceLocation() + " " + e.getMessage())
        .toList()
        .toString();
  }

  @Test
  void validate_shouldFindNoError_whenGivenTheProductionTemplate() {
    List<Error> errors = validate(Templates.main());

    assertEquals(List.of(), errors, describe(errors));
  }

  @ParameterizedTest
  @ValueSource(strings = {"basic_function.yaml", "api_with_auth_all_minimum.yaml"})
  void validate_shouldFindNoError_whenGivenUpstreamValidExamples(String name) {
    List<Error> errors =
        validate(CfnYaml.load(samDir().resolve("example-templates").resolve(name)));

    assertEquals(List.of(), errors, describe(errors));
  }

  static Stream<String> knownBadExamples() throws IOException {
    try (Stream<Path> files = Files.list(samDir().resolve("example-templates"))) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("error_") && n.endsWith(".yaml"))
              .sorted()
              .toList();
      assertFalse(names.isEmpty(), "the fixtures hold no error_*.yaml example");
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("knownBadExamples")
  void validate_shouldRejectTheResourceTheTranslatorRejects_whenGivenUpstreamErrorExamples(
      String name) throws IOException {
    Path examples = samDir().resolve("example-templates");
    String expected =
        JSON.readTree(
                Files.readString(examples.resolve(name.replace(".yaml", ".expected-error.json"))))
            .get("errorMessage")
            .asString();
    Matcher id = RESOURCE_ID.matcher(expected);
    assertTrue(id.find(), "expected error names no resource: " + expected);

    List<Error> errors = validate(CfnYaml.load(examples.resolve(name)));

    assertFalse(errors.isEmpty(), "the validator accepted " + name);
    String properties = "/Resources/" + id.group(1) + "/Properties";
    assertTrue(
        errors.stream().anyMatch(e -> pointer(e).equals(properties)),
        "no error at " + properties + ": " + describe(errors));
    assertTrue(expected.contains("'Properties' should be a map"), expected);
    assertTrue(
        errors.stream()
            .filter(e -> pointer(e).equals(properties))
            .anyMatch(e -> "type".equals(e.getKeyword()) && e.getMessage().contains("object")),
        "the error at " + properties + " is not about its type: " + describe(errors));
  }

  @Test
  void validate_shouldRejectTheFunction_whenItGetsAPropertySamDoesNotKnow() {
    Map<String, Object> template = Templates.main();
    Templates.props(template, "WebhookFunction").put("Handlr", "typo.Handler");

    List<Error> errors = validate(template);

    assertTrue(
        errors.stream()
            .anyMatch(
                e ->
                    pointer(e).equals("/Resources/WebhookFunction/Properties")
                        && e.getMessage().contains("'Handlr'")),
        describe(errors));
  }

  /** The error's instance location as a JSON pointer, whatever path style the validator prints. */
  private static String pointer(Error error) {
    String location = error.getInstanceLocation().toString();
    if (location.startsWith("$")) {
      location = location.substring(1).replace('.', '/');
    }
    return location;
  }
}
