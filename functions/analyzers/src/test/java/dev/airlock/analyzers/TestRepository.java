package dev.airlock.analyzers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A checkout written file by file into a test's temporary directory. */
public final class TestRepository {

  private final Path root;

  private TestRepository(Path root) {
    this.root = root;
  }

  /** A new empty checkout at {@code dir/checkout}. */
  public static TestRepository in(Path dir) {
    try {
      return new TestRepository(Files.createDirectories(dir.resolve("checkout")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public TestRepository write(String relativePath, String content) {
    return writeBytes(relativePath, content.getBytes(StandardCharsets.UTF_8));
  }

  public TestRepository writeBytes(String relativePath, byte[] content) {
    try {
      Path file = root.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestRepository symlink(String relativePath, Path target) {
    try {
      Path link = root.resolve(relativePath);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, target);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A salt for tests: 32 fixed bytes. */
  public static Salt salt() {
    return Salt.of("airlock-test-salt-0123456789abcd".getBytes(StandardCharsets.UTF_8));
  }
}
