package dev.airlock.analyze;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/** Test directories under {@code target/}, traversable by the analyzers' job users. */
public final class TestDirs {
  private TestDirs() {}

  /** A fresh directory {@code target/<prefix>-<random>}, mode 0755. */
  public static Path fresh(String prefix) {
    try {
      Path base = Path.of("target").toAbsolutePath();
      Files.createDirectories(base);
      Path dir = base.resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The compiled test classes (where the probe analyzer lives). */
  public static String testClasses() {
    String p = System.getProperty("airlock.test-classes");
    return p != null ? p : Path.of("target/test-classes").toAbsolutePath().toString();
  }
}
