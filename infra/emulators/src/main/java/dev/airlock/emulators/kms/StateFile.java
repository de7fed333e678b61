package dev.airlock.emulators.kms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The optional JSON file that keeps keys across restarts. It holds key material in plaintext, so it
 * is created owner-only ({@code 0600}) and written atomically (a temporary file in the same
 * directory, flushed, then renamed over the old one): a crash leaves the old or the new state,
 * never half of one.
 */
final class StateFile {

  /** The top-level {@code warning} every state file carries. */
  static final String WARNING =
      "DEVELOPMENT ONLY - local KMS key material in plaintext; never use for real data";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path path;

  StateFile(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  Path path() {
    return path;
  }

  /** The file's bytes, or empty if it does not exist yet. Tightens its permissions if lax. */
  Optional<byte[]> read() {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      if (posix()) {
        Files.setPosixFilePermissions(path, OWNER_ONLY);
      }
      return Optional.of(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read local KMS state file " + path, e);
    }
  }

  void write(byte[] content) {
    Path dir = path.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      FileAttribute<?>[] attrs =
          posix()
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
              : new FileAttribute<?>[0];
      tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp", attrs);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      syncDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write local KMS state file " + path, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed; a stray temporary file is the lesser problem.
        }
      }
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename durable on Linux; other systems may refuse to open a directory.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort only.
    }
  }

  private boolean posix() {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
