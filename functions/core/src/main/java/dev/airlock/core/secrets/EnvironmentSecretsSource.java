package dev.airlock.core.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link SecretsSource} over environment variables (or any name lookup), for local runs and tests.
 * The secret {@code airlock/github-webhook} is read from variable {@code AIRLOCK_GITHUB_WEBHOOK}
 * (upper case, every character other than a letter or digit becomes {@code _}); its value is parsed
 * by {@link SecretValues} (comma-separated or a JSON array).
 */
public final class EnvironmentSecretsSource implements SecretsSource {

  private final UnaryOperator<String> lookup;

  /** Reads the process environment. */
  public EnvironmentSecretsSource() {
    this(System::getenv);
  }

  /** Reads variables through {@code lookup} (which returns null for an unset variable). */
  public EnvironmentSecretsSource(UnaryOperator<String> lookup) {
    if (lookup == null) {
      throw new IllegalArgumentException("lookup is required");
    }
    this.lookup = lookup;
  }

  @Override
  public Optional<List<String>> secretList(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return SecretValues.parse(lookup.apply(variableName(name)));
  }

  /** The environment variable that holds secret {@code name}. */
  public static String variableName(String name) {
    return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
