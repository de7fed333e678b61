package dev.airlock.analyzers.pmd;

import dev.airlock.analyzers.files.FileContents;
import dev.airlock.analyzers.files.RepositoryFile;
import java.io.IOException;
import java.util.Objects;
import net.sourceforge.pmd.lang.LanguageVersion;
import net.sourceforge.pmd.lang.document.FileId;
import net.sourceforge.pmd.lang.document.TextFile;
import net.sourceforge.pmd.lang.document.TextFileContent;

/**
 * A checkout file handed to PMD by its relative path. PMD never opens the file itself: the content
 * is read here, lazily, without following links and within the size cap; and PMD only ever sees
 * (and reports) the relative path, never the sandbox's absolute one.
 */
final class SandboxTextFile implements TextFile {

  private final FileId fileId;
  private final LanguageVersion languageVersion;
  private final RepositoryFile file;
  private final long maxBytes;

  SandboxTextFile(
      FileId fileId, LanguageVersion languageVersion, RepositoryFile file, long maxBytes) {
    this.fileId = Objects.requireNonNull(fileId);
    this.languageVersion = Objects.requireNonNull(languageVersion);
    this.file = Objects.requireNonNull(file);
    this.maxBytes = maxBytes;
  }

  @Override
  public LanguageVersion getLanguageVersion() {
    return languageVersion;
  }

  @Override
  public FileId getFileId() {
    return fileId;
  }

  @Override
  public TextFileContent readContents() throws IOException {
    FileContents.Read read = FileContents.read(file, maxBytes);
    if (read.kind() != FileContents.Kind.TEXT) {
      // No path in the message: PMD may put it in a processing error.
      throw new IOException("file changed or became unreadable since it was listed");
    }
    return TextFileContent.fromCharSeq(read.text());
  }

  @Override
  public void close() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof SandboxTextFile that && that.fileId.equals(fileId);
  }

  @Override
  public int hashCode() {
    return fileId.hashCode();
  }

  @Override
  public String toString() {
    return "SandboxTextFile";
  }
}
