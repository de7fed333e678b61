package dev.airlock.analyze.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.analyze.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * The analyzers' jar bundled in this function's package (after {@code prepare-package}, so an IT):
 * found in place under {@code $LAMBDA_TASK_ROOT}, otherwise copied once, read-only, and copied
 * again if the copy was changed.
 */
class BundledAnalyzersIT {
  private static final Path BUILT =
      Path.of(System.getProperty("airlock.analyzers.jar", "../analyzers/target/analyzers.jar"));

  @Test
  void locate_shouldUseTheFileInTheTaskRoot_whenRunningInLambda() throws IOException {
    Path taskRoot = TestDirs.fresh("task-root");
    Files.createDirectories(taskRoot.resolve("analyzers"));
    Files.writeString(taskRoot.resolve(BundledAnalyzers.RESOURCE), "jar");

    assertEquals(
        taskRoot.resolve(BundledAnalyzers.RESOURCE).toString(),
        BundledAnalyzers.locate(taskRoot.toString(), TestDirs.fresh("unused")).orElseThrow());
  }

  @Test
  void locate_shouldCopyTheBundledJarReadOnlyAndRepairAChangedCopy_whenOutsideLambda()
      throws IOException {
    assumeTrue(
        getClass().getClassLoader().getResource(BundledAnalyzers.RESOURCE) != null,
        "bundled at prepare-package");
    Path tmp = TestDirs.fresh("bundled");

    Path jar = Path.of(BundledAnalyzers.locate(null, tmp).orElseThrow());

    assertArrayEquals(Files.readAllBytes(BUILT), Files.readAllBytes(jar));
    assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)));
    assertEquals(
        "rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar.getParent())));

    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(jar, "tampered");

    Path again = Path.of(BundledAnalyzers.locate(null, tmp).orElseThrow());
    assertEquals(jar, again);
    assertArrayEquals(Files.readAllBytes(BUILT), Files.readAllBytes(again));
  }
}
