package dev.airlock.emulators.codehost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * A git tree to commit into a fixture repository, written with JGit's low-level {@link
 * TreeFormatter} so it can hold what a working tree, {@code git add} or JGit's DirCache would
 * refuse: entries named {@code ..} or {@code .git}, case collisions ({@code A.txt} and {@code
 * a.txt}), duplicate names, symlinks to absolute paths, gitlinks, and a {@code .gitmodules} with
 * any URL. Hostile-repository tests use it to build what an attacker could push to a real host.
 *
 * <p>Paths are split on {@code /} only; segments are used verbatim (no normalization), so {@code
 * ../x} is an entry {@code ..} holding {@code x}. {@link #entry} takes pre-split segments for names
 * that contain a slash. A name may not be empty or contain NUL (the tree format cannot encode those
 * at all). Entries are written in git's canonical order; duplicates keep insertion order.
 *
 * <p>Not thread-safe; build, then commit it with {@link FixtureRepositories}.
 */
public final class FixtureTree {

  private final Node root = new Node();
  private final StringBuilder gitmodules = new StringBuilder();

  private FixtureTree() {}

  /** An empty tree. */
  public static FixtureTree create() {
    return new FixtureTree();
  }

  /** Regular files from {@code path -> content}. */
  public static FixtureTree ofFiles(Map<String, byte[]> files) {
    FixtureTree tree = new FixtureTree();
    files.forEach(tree::file);
    return tree;
  }

  /** A regular file (mode 100644). */
  public FixtureTree file(String path, byte[] content) {
    return entry(split(path), FileMode.REGULAR_FILE, content);
  }

  /** A regular file with UTF-8 text. */
  public FixtureTree file(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** An executable file (mode 100755). */
  public FixtureTree executable(String path, byte[] content) {
    return entry(split(path), FileMode.EXECUTABLE_FILE, content);
  }

  /** A symbolic link (mode 120000) whose target is stored verbatim, e.g. {@code /etc/passwd}. */
  public FixtureTree symlink(String path, String target) {
    return entry(split(path), FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8));
  }

  /** A gitlink (mode 160000): a submodule pointer to {@code commitSha}, without .gitmodules. */
  public FixtureTree gitlink(String path, String commitSha) {
    return entry(split(path), FileMode.GITLINK, ObjectId.fromString(commitSha));
  }

  /**
   * A submodule: a gitlink at {@code path} plus a {@code .gitmodules} section with {@code url}
   * taken verbatim (for example a {@code file://} URL or one starting with {@code -}).
   */
  public FixtureTree submodule(String path, String url, String commitSha) {
    gitlink(path, commitSha);
    gitmodules
        .append("[submodule \"")
        .append(path)
        .append("\"]\n\tpath = ")
        .append(path)
        .append("\n\turl = ")
        .append(url)
        .append('\n');
    return this;
  }

  /**
   * Any blob-backed entry: {@code segments} are the names from the root down, used verbatim. {@code
   * mode} may be any {@link FileMode} including {@code TREE} (the content is then written as a blob
   * yet labelled a tree, an object-type mismatch).
   *
   * @throws IllegalArgumentException if a segment is empty or contains NUL
   */
  public FixtureTree entry(List<String> segments, FileMode mode, byte[] content) {
    Objects.requireNonNull(content, "content");
    add(segments, new Leaf(name(last(segments)), mode, content.clone(), null));
    return this;
  }

  /**
   * An entry pointing at an existing object id (for example a gitlink, or an id that does not exist
   * in the repository).
   *
   * @throws IllegalArgumentException if a segment is empty or contains NUL
   */
  public FixtureTree entry(List<String> segments, FileMode mode, ObjectId id) {
    Objects.requireNonNull(id, "id");
    add(segments, new Leaf(name(last(segments)), mode, null, id.copy()));
    return this;
  }

  /** Writes every blob and tree; returns the root tree id. */
  ObjectId write(ObjectInserter inserter) throws IOException {
    if (gitmodules.length() > 0) {
      file(".gitmodules", gitmodules.toString());
      gitmodules.setLength(0);
    }
    return root.write(inserter);
  }

  private void add(List<String> segments, Leaf leaf) {
    Objects.requireNonNull(segments, "segments");
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("an entry needs at least one path segment");
    }
    Node node = root;
    for (String segment : segments.subList(0, segments.size() - 1)) {
      node = node.directory(name(segment));
    }
    node.entries.add(leaf);
  }

  private static List<String> split(String path) {
    Objects.requireNonNull(path, "path");
    return Arrays.asList(path.split("/", -1));
  }

  private static String last(List<String> segments) {
    Objects.requireNonNull(segments, "segments");
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("an entry needs at least one path segment");
    }
    return segments.get(segments.size() - 1);
  }

  private static byte[] name(String segment) {
    if (segment == null || segment.isEmpty() || segment.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a tree entry name must be non-empty and without NUL");
    }
    return segment.getBytes(StandardCharsets.UTF_8);
  }

  private sealed interface Entry permits Leaf, Directory {
    byte[] name();

    boolean isTree();
  }

  private record Leaf(byte[] name, FileMode mode, byte[] content, ObjectId id) implements Entry {
    @Override
    public boolean isTree() {
      return mode == FileMode.TREE;
    }
  }

  private record Directory(byte[] name, Node node) implements Entry {
    @Override
    public boolean isTree() {
      return true;
    }
  }

  private static final class Node {
    private final List<Entry> entries = new ArrayList<>();

    Node directory(byte[] name) {
      for (Entry entry : entries) {
        if (entry instanceof Directory d && Arrays.equals(d.name(), name)) {
          return d.node();
        }
      }
      Node child = new Node();
      entries.add(new Directory(name, child));
      return child;
    }

    ObjectId write(ObjectInserter inserter) throws IOException {
      List<Entry> sorted = new ArrayList<>(entries);
      // Git orders entries by name bytes, comparing a tree as if its name ended in '/'.
      sorted.sort(Comparator.comparing(Node::sortKey, Arrays::compareUnsigned));
      TreeFormatter formatter = new TreeFormatter();
      for (Entry entry : sorted) {
        if (entry instanceof Directory d) {
          formatter.append(d.name(), FileMode.TREE, d.node().write(inserter));
        } else {
          Leaf leaf = (Leaf) entry;
          ObjectId id =
              leaf.id() != null ? leaf.id() : inserter.insert(Constants.OBJ_BLOB, leaf.content());
          formatter.append(leaf.name(), leaf.mode(), id);
        }
      }
      return inserter.insert(formatter);
    }

    private static byte[] sortKey(Entry entry) {
      byte[] name = entry.name();
      if (!entry.isTree()) {
        return name;
      }
      byte[] key = Arrays.copyOf(name, name.length + 1);
      key[name.length] = '/';
      return key;
    }
  }
}
