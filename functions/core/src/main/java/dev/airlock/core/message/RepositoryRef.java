package dev.airlock.core.message;

import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * A repository on a code host, as named by the host: owner (user, organisation or group path),
 * name, clone URL and whether it is private. Validated on construction so a hostile webhook cannot
 * smuggle path traversal, credentials or a non-HTTP scheme into the clone step.
 *
 * @throws IllegalArgumentException if any part is missing or unsafe
 */
@Serdeable
public record RepositoryRef(String owner, String name, String cloneUrl, boolean privateRepo) {

  /** Owner may be a GitLab group path (a/b/c); each segment is a plain host name segment. */
  private static final Pattern OWNER =
      Pattern.compile("[A-Za-z0-9_.\\-]{1,100}(/[A-Za-z0-9_.\\-]{1,100}){0,19}");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  public RepositoryRef {
    Checks.require(owner != null && OWNER.matcher(owner).matches(), "repository owner is invalid");
    Checks.require(name != null && NAME.matcher(name).matches(), "repository name is invalid");
    Checks.require(
        !containsDotSegment(owner) && !name.equals(".") && !name.equals(".."),
        "repository path has a dot segment");
    Checks.require(
        cloneUrl != null && cloneUrl.length() <= 2048, "clone URL is missing or too long");
    URI uri;
    try {
      uri = URI.create(cloneUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("clone URL is not a URI");
    }
    String scheme = uri.getScheme();
    Checks.require("https".equals(scheme) || "http".equals(scheme), "clone URL must be http(s)");
    Checks.require(uri.getRawUserInfo() == null, "clone URL must not carry credentials");
    Checks.require(uri.getHost() != null && !uri.getHost().isEmpty(), "clone URL has no host");
    Checks.require(
        uri.getRawQuery() == null && uri.getRawFragment() == null,
        "clone URL must not carry a query or fragment");
  }

  private static boolean containsDotSegment(String path) {
    for (String seg : path.split("/")) {
      if (seg.equals(".") || seg.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** {@code owner/name}, the FIFO message group and the idempotency scope of a repository. */
  public String fullName() {
    return owner + "/" + name;
  }
}
