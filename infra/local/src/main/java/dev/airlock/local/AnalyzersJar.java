package dev.airlock.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the analyzers' self-contained jar is: the sandbox starts it as a separate JVM with nothing
 * of the local stack's classpath. System property {@code airlock.analyzers.jar}, environment {@code
 * AIRLOCK_ANALYZERS_JAR}, else {@code functions/analyzers/target/analyzers.jar} found from the
 * working directory or from this jar's location in the repository.
 */
final class AnalyzersJar {
  private AnalyzersJar() {}

  /** The jar if one is found; else the analyze function falls back to the copy it bundles. */
  static java.util.Optional<Path> find() {
    try {
      return java.util.Optional.of(locate());
    } catch (IllegalStateException notBuilt) {
      return java.util.Optional.empty();
    }
  }

  static Path locate() {
    List<Path> candidates = new ArrayList<>();
    String prop =
        System.getProperty("airlock.analyzers.jar", System.getenv("AIRLOCK_ANALYZERS_JAR"));
    if (prop != null) {
      candidates.add(Path.of(prop));
    }
    candidates.add(Path.of("functions/analyzers/target/analyzers.jar"));
    try {
      Path self =
          Path.of(AnalyzersJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // infra/local/target/airlock-local.jar or infra/local/target/classes -> repository root
      Path root = self.getParent().getParent().getParent().getParent();
      candidates.add(root.resolve("functions/analyzers/target/analyzers.jar"));
    } catch (Exception ignored) {
      // no code source: rely on the other candidates
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "analyzers.jar not found (build it: ./mvnw -B -q -DskipTests package); looked in "
            + candidates);
  }
}
