package dev.airlock.analyzers.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One gitleaks rule, compiled.
 *
 * @param id rule id (e.g. {@code aws-access-token})
 * @param description the rule's description: static text from the rule file, used as the message of
 *     its findings
 * @param regex the content pattern, or {@code null} for a path-only rule
 * @param secretGroup capture group holding the secret; 0 means the first non-empty group, or the
 *     whole match when the pattern has no group
 * @param entropy minimum Shannon entropy a secret must exceed; 0 disables the check
 * @param keywords lower-cased keywords: the rule runs only on text containing one of them
 *     (case-insensitively); empty means always
 * @param path path pattern the file must match, or {@code null}
 * @param allowlists the rule's own allowlists
 */
public record SecretRule(
    String id,
    String description,
    GoRegex regex,
    int secretGroup,
    double entropy,
    List<String> keywords,
    Pattern path,
    List<Allowlist> allowlists) {

  /**
   * @throws IllegalArgumentException if the rule has no id, or neither a regex nor a path
   */
  public SecretRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    if (id.isBlank() || (regex == null && path == null)) {
      throw new IllegalArgumentException("a rule needs an id and a regex or a path");
    }
    if (secretGroup < 0 || entropy < 0) {
      throw new IllegalArgumentException("invalid secret group or entropy");
    }
    keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).distinct().toList();
    allowlists = List.copyOf(allowlists);
  }

  /** Whether this is one of the generic rules, which yield to a specific rule on the same line. */
  public boolean isGeneric() {
    return id.toLowerCase(Locale.ROOT).contains("generic");
  }
}
