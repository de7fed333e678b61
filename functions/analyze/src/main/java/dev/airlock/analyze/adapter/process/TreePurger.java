package dev.airlock.analyze.adapter.process;

import dev.airlock.analyze.domain.PurgeReport;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * Deletes a directory tree without ever following a symbolic link: links are deleted as links
 * ({@link Files#walkFileTree} without {@code FOLLOW_LINKS} reports them as files), so a link to
 * {@code /etc} or to another job's sandbox is removed, never what it points to. Directories an
 * analyzer made unreadable or unwritable are given back to their owner ({@code u+rwx}) and the walk
 * is repeated, up to three passes. Then the root is verified absent.
 *
 * <p>Safe against a running analyzer only after its process tree is dead (the sandbox kills it
 * first): a live process could swap a directory for a link between the check and the descent.
 */
final class TreePurger {
  private static final int PASSES = 3;

  private TreePurger() {}

  static PurgeReport purge(Path root) {
    Counts c = new Counts(root);
    for (int pass = 0; pass < PASSES && exists(root); pass++) {
      try {
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, c);
      } catch (IOException e) {
        c.failure = "walk-failed";
      }
    }
    boolean absent = !exists(root);
    return new PurgeReport(
        c.files,
        c.directories,
        c.bytes,
        absent,
        absent ? null : c.failure == null ? "not-absent" : c.failure);
  }

  private static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static final class Counts extends SimpleFileVisitor<Path> {
    private final Path root;
    long files;
    long directories;
    long bytes;
    String failure;

    Counts(Path root) {
      this.root = root;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      try {
        Files.delete(file);
        files++;
        if (attrs.isRegularFile()) {
          bytes += attrs.size();
        }
      } catch (AccessDeniedException e) {
        giveBack(file.getParent());
        failure = "access-denied";
      } catch (NoSuchFileException e) {
        // already gone
      } catch (IOException e) {
        failure = "delete-failed";
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException exc) {
      if (exc instanceof AccessDeniedException) {
        giveBack(file);
        giveBack(file.getParent());
        failure = "access-denied";
      } else if (!(exc instanceof NoSuchFileException)) {
        failure = "walk-failed";
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
      try {
        Files.delete(dir);
        directories++;
      } catch (AccessDeniedException e) {
        giveBack(dir.getParent());
        failure = "access-denied";
      } catch (NoSuchFileException e) {
        // already gone
      } catch (IOException e) {
        failure = "delete-failed";
      }
      return FileVisitResult.CONTINUE;
    }

    /**
     * Restores u+rwx on a directory inside the tree (never through a link, never the tree's
     * parent), so the next pass can empty it.
     */
    private void giveBack(Path dir) {
      if (dir == null || !dir.startsWith(root)) {
        return;
      }
      try {
        if (Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .isDirectory()) {
          Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setPermissions(PosixFilePermissions.fromString("rwx------"));
        }
      } catch (IOException | RuntimeException e) {
        // the next pass reports what remains
      }
    }
  }
}
