package dev.airlock.analyzers.sarif;

import java.util.Objects;

/**
 * A rule descriptor ({@code tool.driver.rules[]}). All text is the tool's own, static per rule,
 * never derived from analyzed files.
 *
 * @param id rule id, non-empty
 * @param name short name, or {@code null}
 * @param shortDescription one-line generic description; results of this rule use it as their
 *     message
 * @param fullDescription longer static description, or {@code null}
 * @param helpUri documentation URL, or {@code null}
 * @param defaultLevel default level of its results
 */
public record SarifRule(
    String id,
    String name,
    String shortDescription,
    String fullDescription,
    String helpUri,
    SarifLevel defaultLevel) {

  /**
   * @throws IllegalArgumentException if the id or short description is missing
   */
  public SarifRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(shortDescription, "shortDescription");
    Objects.requireNonNull(defaultLevel, "defaultLevel");
    if (id.isBlank() || shortDescription.isBlank()) {
      throw new IllegalArgumentException("rule id and short description are required");
    }
  }
}
