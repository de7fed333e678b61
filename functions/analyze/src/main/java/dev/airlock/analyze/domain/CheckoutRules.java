package dev.airlock.analyze.domain;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The rules a commit's tree must pass before anything of it is written to a sandbox, applied entry
 * by entry as the tree is walked (so a hostile tree is refused as soon as it shows itself, before a
 * single file is written):
 *
 * <ul>
 *   <li>no empty, {@code .} or {@code ..} name, no backslash, NUL or other control character
 *       ({@link Reason#UNSAFE_PATH});
 *   <li>no {@code .git} component in any spelling a file system might treat as {@code .git}: any
 *       case, trailing dots or spaces, the 8.3 name {@code git~1}, NTFS streams, HFS+ ignorable
 *       characters ({@link Reason#GIT_DIRECTORY_PATH});
 *   <li>no two paths equal, or equal after Unicode normalization and case folding ({@link
 *       Reason#DUPLICATE_PATH}, {@link Reason#CASE_COLLISION});
 *   <li>depth and length caps ({@link Reason#PATH_TOO_DEEP}, {@link Reason#PATH_TOO_LONG});
 *   <li>file count and total size caps ({@link Reason#TOO_MANY_FILES}, {@link
 *       Reason#REPOSITORY_TOO_LARGE}); directories and submodules are entries too, capped at the
 *       same count ({@link Reason#TOO_MANY_FILES}): a git bomb of trees naming the same empty tree
 *       or gitlink ten times per level holds billions of entries and not one file, and every path
 *       walked is kept for the collision check;
 *   <li>regular and executable files are written (never executable), larger than the per-file cap
 *       skipped; symbolic links are never created (skipped and counted); submodules are never
 *       fetched (skipped and counted); anything else is refused ({@link Reason#UNSUPPORTED_ENTRY}).
 * </ul>
 *
 * Violations throw {@link AnalysisException}. Not thread-safe: one instance per checkout.
 */
public final class CheckoutRules {

  /** What a tree entry is. */
  public enum EntryKind {
    FILE,
    SYMLINK,
    SUBMODULE,
    UNSUPPORTED
  }

  /** What to do with an accepted entry. */
  public enum Decision {
    WRITE,
    SKIP_TOO_LARGE,
    SKIP_SYMLINK,
    SKIP_SUBMODULE
  }

  private static final int MAX_SEGMENT_BYTES = 255;

  private final Caps caps;
  private final Set<String> exact = new HashSet<>();
  private final Set<String> folded = new HashSet<>();
  private int files;
  private int otherEntries;
  private long declaredBytes;
  private int skippedTooLarge;
  private long skippedBytes;
  private int symlinks;
  private int submodules;

  public CheckoutRules(Caps caps) {
    if (caps == null) {
      throw new IllegalArgumentException("caps are required");
    }
    this.caps = caps;
  }

  /** Checks a directory's path (slash-separated, relative to the repository root). */
  public void directory(String path) {
    countOtherEntry();
    register(path);
  }

  /**
   * Checks a non-directory entry and decides what to do with it.
   *
   * @param size the blob's size in bytes (ignored for submodules)
   */
  public Decision entry(String path, EntryKind kind, long size) {
    register(path);
    switch (kind) {
      case SUBMODULE -> {
        countOtherEntry();
        submodules++;
        return Decision.SKIP_SUBMODULE;
      }
      case UNSUPPORTED -> throw new AnalysisException(Reason.UNSUPPORTED_ENTRY);
      default -> {
        // files and links both count: a tree of a million links is no cheaper to walk
      }
    }
    if (++files > caps.maxFiles()) {
      throw new AnalysisException(Reason.TOO_MANY_FILES);
    }
    if (size < 0) {
      throw new AnalysisException(Reason.CORRUPT_REPOSITORY);
    }
    declaredBytes += size;
    if (declaredBytes > caps.maxRepositoryBytes()) {
      throw new AnalysisException(Reason.REPOSITORY_TOO_LARGE);
    }
    if (kind == EntryKind.SYMLINK) {
      symlinks++;
      return Decision.SKIP_SYMLINK;
    }
    if (size > caps.maxFileBytes()) {
      skippedTooLarge++;
      skippedBytes += size;
      return Decision.SKIP_TOO_LARGE;
    }
    return Decision.WRITE;
  }

  /**
   * Directories and submodules together may number as many as files: each costs a walk step and two
   * remembered paths, like a file.
   */
  private void countOtherEntry() {
    if (++otherEntries > caps.maxFiles()) {
      throw new AnalysisException(Reason.TOO_MANY_FILES);
    }
  }

  private void register(String path) {
    if (path == null || path.isEmpty()) {
      throw new AnalysisException(Reason.UNSAFE_PATH);
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      checkSegment(segment);
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > caps.maxPathBytes()) {
      throw new AnalysisException(Reason.PATH_TOO_LONG);
    }
    if (segments.length > caps.maxPathDepth()) {
      throw new AnalysisException(Reason.PATH_TOO_DEEP);
    }
    if (!exact.add(path)) {
      throw new AnalysisException(Reason.DUPLICATE_PATH);
    }
    if (!folded.add(fold(path))) {
      throw new AnalysisException(Reason.CASE_COLLISION);
    }
  }

  /**
   * Checks one path segment.
   *
   * @throws AnalysisException {@link Reason#UNSAFE_PATH}, {@link Reason#GIT_DIRECTORY_PATH} or
   *     {@link Reason#PATH_TOO_LONG}
   */
  public static void checkSegment(String segment) {
    if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      throw new AnalysisException(Reason.UNSAFE_PATH);
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == '/') {
        throw new AnalysisException(Reason.UNSAFE_PATH);
      }
    }
    if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      throw new AnalysisException(Reason.PATH_TOO_LONG);
    }
    if (looksLikeGitDirectory(segment)) {
      throw new AnalysisException(Reason.GIT_DIRECTORY_PATH);
    }
  }

  /** Whether some file system (case-insensitive, Windows, HFS+) could take this name as .git. */
  static boolean looksLikeGitDirectory(String segment) {
    String s = withoutIgnorables(segment).toLowerCase(Locale.ROOT);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
      end--;
    }
    s = s.substring(0, end);
    return s.equals(".git") || s.equals("git~1") || s.startsWith(".git:");
  }

  /** HFS+ ignores these code points when comparing names (what git's own check strips too). */
  private static String withoutIgnorables(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ignorable =
          (c >= '\u200C' && c <= '\u200F')
              || (c >= '\u202A' && c <= '\u202E')
              || (c >= '\u206A' && c <= '\u206F')
              || c == '\uFEFF';
      if (!ignorable) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String fold(String path) {
    String nfc = Normalizer.normalize(withoutIgnorables(path), Normalizer.Form.NFC);
    return Normalizer.normalize(nfc.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  /** The caps these rules enforce. */
  public Caps caps() {
    return caps;
  }

  /** Blob entries seen so far (files and symbolic links). */
  public int files() {
    return files;
  }

  /** Sum of the declared sizes of file and link blobs seen so far. */
  public long declaredBytes() {
    return declaredBytes;
  }

  public int skippedTooLarge() {
    return skippedTooLarge;
  }

  public long skippedBytes() {
    return skippedBytes;
  }

  public int symlinksSkipped() {
    return symlinks;
  }

  public int submodulesSkipped() {
    return submodules;
  }
}
