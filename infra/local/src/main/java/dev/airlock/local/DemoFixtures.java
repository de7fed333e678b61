package dev.airlock.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo finds {@code ../shared/fixtures} (the real third-party payloads, cited in its
 * PROVENANCE.md): system property {@code airlock.fixtures.dir}, environment {@code
 * AIRLOCK_FIXTURES_DIR}, then {@code ../shared/fixtures} from the working directory.
 */
final class DemoFixtures {
  private DemoFixtures() {}

  static Path root() {
    String p = System.getProperty("airlock.fixtures.dir", System.getenv("AIRLOCK_FIXTURES_DIR"));
    Path dir = p != null ? Path.of(p) : Path.of("../shared/fixtures");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "fixtures not found at "
              + dir.toAbsolutePath()
              + " (run from the repository root with ../shared beside it, or set AIRLOCK_FIXTURES_DIR)");
    }
    return dir.toAbsolutePath().normalize();
  }

  static byte[] read(String relative) {
    try {
      return Files.readAllBytes(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("fixture " + relative, e);
    }
  }
}
