package dev.airlock.analyze.config;

import dev.airlock.core.crypto.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Finds the analyzers' jar that the build bundles as the resource {@code analyzers/analyzers.jar}.
 * In Lambda the package is unzipped into {@code $LAMBDA_TASK_ROOT}, so it is a plain read-only file
 * there. Elsewhere (the local stack, tests) it is inside a jar on the classpath, and is copied once
 * to {@code <tmp>/airlock-analyzers-<sha256 prefix>/analyzers.jar}: world-readable (analyzer
 * processes may run as another user), written under a temporary name, moved into place, and checked
 * against its digest whenever it is reused.
 */
final class BundledAnalyzers {
  static final String RESOURCE = "analyzers/analyzers.jar";

  private BundledAnalyzers() {}

  static Optional<String> locate(String lambdaTaskRoot, Path tmpDir) {
    if (lambdaTaskRoot != null) {
      Path bundled = Path.of(lambdaTaskRoot, RESOURCE);
      if (Files.isRegularFile(bundled)) {
        return Optional.of(bundled.toString());
      }
    }
    try {
      return extract(tmpDir);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> extract(Path tmpDir) throws IOException {
    String sha;
    try (InputStream in = resource()) {
      if (in == null) {
        return Optional.empty();
      }
      sha = digest(in);
    }
    Path dir = tmpDir.resolve("airlock-analyzers-" + sha.substring(0, 16));
    Path jar = dir.resolve("analyzers.jar");
    if (Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS)) {
      try (InputStream existing = Files.newInputStream(jar, LinkOption.NOFOLLOW_LINKS)) {
        if (digest(existing).equals(sha)) {
          return Optional.of(jar.toString());
        }
      }
      Files.delete(jar);
    }
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
    }
    Path partial = Files.createTempFile(dir, "analyzers-", ".partial");
    try (InputStream in = resource()) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("r--r--r--"));
    try {
      Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
    }
    return Optional.of(jar.toString());
  }

  private static InputStream resource() {
    return BundledAnalyzers.class.getClassLoader().getResourceAsStream(RESOURCE);
  }

  private static String digest(InputStream in) throws IOException {
    MessageDigest md = Digests.sha256();
    try (DigestInputStream d = new DigestInputStream(in, md)) {
      d.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
