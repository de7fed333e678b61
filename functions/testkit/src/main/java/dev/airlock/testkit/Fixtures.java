package dev.airlock.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Access to {@code ../shared/fixtures} (real third-party payloads, schemas and test data, cited in
 * its PROVENANCE.md). Tests read them in place; nothing is copied into the project.
 */
public final class Fixtures {
  private Fixtures() {}

  /**
   * The fixtures root: system property {@code airlock.fixtures.dir}, else {@code
   * ../shared/fixtures}.
   */
  public static Path root() {
    String prop = System.getProperty("airlock.fixtures.dir");
    Path p = prop != null ? Path.of(prop) : Path.of("../shared/fixtures");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("fixtures directory not found: " + p.toAbsolutePath());
    }
    return p.toAbsolutePath().normalize();
  }

  public static Path path(String relative) {
    Path p = root().resolve(relative).normalize();
    if (!p.startsWith(root()) || !Files.exists(p)) {
      throw new IllegalArgumentException("no such fixture: " + relative);
    }
    return p;
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The repository root (system property {@code airlock.repo.root}, else the working directory).
   */
  public static Path repoRoot() {
    String prop = System.getProperty("airlock.repo.root");
    return Path.of(prop != null ? prop : ".").toAbsolutePath().normalize();
  }
}
