package dev.airlock.webhook.domain;

import java.util.regex.Pattern;

/**
 * A repository an installation covers: the host's stable id (survives renames and transfers) and
 * its {@code owner/name} at the time (for operators; never used to decide coverage).
 *
 * @throws PayloadException if either is missing or malformed
 */
public record CoveredRepository(String id, String fullName) {
  private static final Pattern ID = Pattern.compile("[0-9]{1,20}");
  private static final Pattern FULL_NAME =
      Pattern.compile("[A-Za-z0-9_.\\-]{1,100}/[A-Za-z0-9_.\\-]{1,100}");

  public CoveredRepository {
    if (id == null || !ID.matcher(id).matches()) {
      throw new PayloadException("repository id is invalid");
    }
    if (fullName == null || !FULL_NAME.matcher(fullName).matches()) {
      throw new PayloadException("repository full name is invalid");
    }
  }
}
