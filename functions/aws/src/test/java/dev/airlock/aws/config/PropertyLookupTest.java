package dev.airlock.aws.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropertyLookupTest {

  @Test
  void first_shouldTakeTheFirstNameSetAndSkipBlankOnes() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of("airlock.buckets.state", " ", "airlock.state.bucket", "from-template"))) {
      assertEquals(
          Optional.of("from-template"),
          PropertyLookup.first(
              ctx.getEnvironment(), "airlock.buckets.state", "airlock.state.bucket"));
      assertEquals(
          Optional.of("from-template"),
          PropertyLookup.first(
              ctx.getEnvironment(), "airlock.state.bucket", "airlock.buckets.state"));
      assertEquals(Optional.empty(), PropertyLookup.first(ctx.getEnvironment(), "airlock.unset"));
    }
  }

  @Test
  void nonBlank_shouldTreatNullAndBlankAsUnset() {
    assertEquals(Optional.empty(), PropertyLookup.nonBlank(null));
    assertEquals(Optional.empty(), PropertyLookup.nonBlank("  "));
    assertEquals(Optional.of("x"), PropertyLookup.nonBlank("x"));
  }
}
