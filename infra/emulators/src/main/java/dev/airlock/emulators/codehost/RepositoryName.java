package dev.airlock.emulators.codehost;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository's {@code owner/name} on the local code host, validated so that it can only ever name
 * one directory, {@code <root>/<owner>/<name>.git}, below the repositories root.
 *
 * <p>The character set is the one Airlock's {@code RepositoryRef} accepts for a single-segment
 * owner; {@code .} and {@code ..} are refused so a name can never climb out of the root.
 *
 * @throws IllegalArgumentException from the constructor if either part is missing or unsafe
 */
record RepositoryName(String owner, String name) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  RepositoryName {
    if (!isSafeSegment(owner)) {
      throw new IllegalArgumentException("repository owner is invalid");
    }
    if (!isSafeSegment(name)) {
      throw new IllegalArgumentException("repository name is invalid");
    }
  }

  /**
   * Parses {@code owner/name}.
   *
   * @throws IllegalArgumentException if it is not exactly two safe segments
   */
  static RepositoryName parse(String fullName) {
    return tryParse(fullName)
        .orElseThrow(() -> new IllegalArgumentException("repository must be owner/name"));
  }

  /** Parses {@code owner/name}; empty when it is not exactly two safe segments. */
  static Optional<RepositoryName> tryParse(String fullName) {
    if (fullName == null) {
      return Optional.empty();
    }
    int slash = fullName.indexOf('/');
    if (slash < 0 || fullName.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    String owner = fullName.substring(0, slash);
    String name = fullName.substring(slash + 1);
    if (!isSafeSegment(owner) || !isSafeSegment(name)) {
      return Optional.empty();
    }
    return Optional.of(new RepositoryName(owner, name));
  }

  /**
   * Parses the repository part of a git URL path, {@code owner/name.git} (the {@code .git} suffix
   * is required, as in the URLs this host hands out).
   */
  static Optional<RepositoryName> fromGitPath(String ownerSlashNameDotGit) {
    if (ownerSlashNameDotGit == null || !ownerSlashNameDotGit.endsWith(".git")) {
      return Optional.empty();
    }
    return tryParse(ownerSlashNameDotGit.substring(0, ownerSlashNameDotGit.length() - 4));
  }

  static boolean isSafeSegment(String segment) {
    return segment != null
        && SEGMENT.matcher(segment).matches()
        && !segment.equals(".")
        && !segment.equals("..");
  }

  String fullName() {
    return owner + "/" + name;
  }

  /** The bare repository directory below {@code root}; always inside it by construction. */
  Path directoryUnder(Path root) {
    Path dir = root.resolve(owner).resolve(name + ".git").normalize();
    if (!dir.startsWith(root) || dir.equals(root)) {
      throw new IllegalStateException("repository path escapes the root");
    }
    return dir;
  }
}
