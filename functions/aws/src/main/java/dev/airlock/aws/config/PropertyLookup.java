package dev.airlock.aws.config;

import io.micronaut.core.value.PropertyResolver;
import java.util.Optional;

/**
 * How the functions' factories read a setting that can arrive under several names: the shared name
 * the testkit and the local stack set ({@code airlock.buckets.state}) and the template's
 * environment variable ({@code AIRLOCK_STATE_BUCKET}, i.e. {@code airlock.state.bucket}). A blank
 * value counts as unset, so an empty template parameter falls through to the next name.
 */
public final class PropertyLookup {
  private PropertyLookup() {}

  /** The value of the first of {@code names} that is set and not blank. */
  public static Optional<String> first(PropertyResolver properties, String... names) {
    for (String name : names) {
      Optional<String> value =
          properties.getProperty(name, String.class).flatMap(PropertyLookup::nonBlank);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  /** {@code value} unless it is null or blank. */
  public static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
