package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import dev.airlock.core.state.StateKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operator's enrollment of a GitLab or Bitbucket repository into an Airlock account, stored at
 * {@code StateKeys.enrollment(provider, lower-cased full name)} as JSON (identifiers only). GitHub
 * repositories are never enrolled: App installations cover them.
 *
 * <p>{@code cloneUrl}, when set, pins where the repository is cloned from instead of the URL the
 * payload names.
 *
 * @throws IllegalArgumentException on construction if a field is missing or malformed
 */
public record Enrollment(
    Provider provider, String repository, String accountId, String cloneUrl, Instant enrolledAt) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  public Enrollment {
    Objects.requireNonNull(provider, "provider");
    if (provider == Provider.GITHUB) {
      throw new IllegalArgumentException("GitHub repositories are covered by App installations");
    }
    checkFullName(provider, repository);
    StateKeys.account(accountId);
    if (cloneUrl != null) {
      // Reuse the job contract's URL rules (http(s), no credentials, no query).
      new RepositoryRef("o", "n", cloneUrl, true);
    }
    Objects.requireNonNull(enrolledAt, "enrolledAt");
  }

  /** The state-store key of the enrollment of {@code repository} at {@code provider}. */
  public static String key(Provider provider, String repository) {
    return StateKeys.enrollment(provider.wireName(), repository.toLowerCase(Locale.ROOT));
  }

  private static void checkFullName(Provider provider, String fullName) {
    if (fullName == null) {
      throw new IllegalArgumentException("repository is missing");
    }
    String[] segments = fullName.split("/", -1);
    int max = provider == Provider.BITBUCKET ? 2 : 20;
    if (segments.length < 2 || segments.length > max) {
      throw new IllegalArgumentException("repository must be owner/name");
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
        throw new IllegalArgumentException("repository path segment is invalid");
      }
    }
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", 1);
    m.put("provider", provider.wireName());
    m.put("repository", repository);
    m.put("accountId", accountId);
    if (cloneUrl != null) {
      m.put("cloneUrl", cloneUrl);
    }
    m.put("enrolledAt", enrolledAt.toString());
    return m;
  }

  static Enrollment fromJson(Object json) {
    try {
      JsonTree t = JsonTree.object(json);
      if (!Long.valueOf(1).equals(t.find("version").orElse(null))) {
        throw new IllegalStateException("enrollment has an unknown version");
      }
      return new Enrollment(
          Provider.fromWire(t.string("provider")),
          t.string("repository"),
          t.string("accountId"),
          t.findString("cloneUrl").orElse(null),
          Instant.parse(t.string("enrolledAt")));
    } catch (PayloadException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalStateException("enrollment record is corrupt", e);
    }
  }
}
