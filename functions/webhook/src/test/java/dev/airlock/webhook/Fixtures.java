package dev.airlock.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared third-party fixtures ({@code ../shared/fixtures}, see its PROVENANCE.md), read in
 * place through the {@code airlock.fixtures.dir} system property; never copied into the project.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path dir() {
    String dir = System.getProperty("airlock.fixtures.dir");
    if (dir == null) {
      throw new IllegalStateException("system property airlock.fixtures.dir is not set");
    }
    return Path.of(dir);
  }

  /** The exact bytes of {@code webhooks/<relative>}. */
  public static byte[] webhook(String relative) {
    try {
      return Files.readAllBytes(dir().resolve("webhooks").resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
