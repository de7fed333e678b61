package dev.airlock.emulators.codehost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Creates bare fixture repositories at {@code <root>/<owner>/<name>.git}, the layout {@link
 * LocalCodeHost} serves, and commits trees into them on {@code refs/heads/main} (HEAD points
 * there). Commits have a fixed author and deterministic timestamps, so the same content always
 * yields the same SHA.
 *
 * <p>For tests and the local stack. Every method throws {@link UncheckedIOException} when the
 * repository cannot be written and {@link IllegalArgumentException} for an unsafe owner or name.
 */
public final class FixtureRepositories {

  /** The branch every fixture commit lands on. */
  public static final String BRANCH = "refs/heads/main";

  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final long SECONDS_BETWEEN_COMMITS = 60;

  private final Path root;

  /** Fixtures under {@code root} (created if absent). */
  public FixtureRepositories(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** Where {@code owner/name} lives: {@code <root>/<owner>/<name>.git}. */
  public Path directoryOf(String owner, String name) {
    return new RepositoryName(owner, name).directoryUnder(root);
  }

  /**
   * Creates the repository with one commit of regular files ({@code path -> content}).
   *
   * @return the commit SHA (40 hex digits)
   * @throws IllegalStateException if the repository already exists
   */
  public String create(String owner, String name, Map<String, byte[]> files) {
    return create(owner, name, FixtureTree.ofFiles(files));
  }

  /**
   * Creates the repository with one commit of {@code tree}.
   *
   * @return the commit SHA
   * @throws IllegalStateException if the repository already exists
   */
  public String create(String owner, String name, FixtureTree tree) {
    if (Files.exists(directoryOf(owner, name))) {
      throw new IllegalStateException("fixture repository already exists");
    }
    return commit(owner, name, tree, "Initial fixture commit");
  }

  /** Commits regular files on top of the current tip (the tree replaces, it does not merge). */
  public String commit(String owner, String name, Map<String, byte[]> files) {
    return commit(owner, name, FixtureTree.ofFiles(files), "Fixture commit");
  }

  /**
   * Commits {@code tree} as the full content of a new commit whose parent is the current tip of
   * {@code main} (none if the repository is new; it is created then).
   *
   * @return the new commit's SHA
   */
  public String commit(String owner, String name, FixtureTree tree, String message) {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(message, "message");
    Path dir = directoryOf(owner, name);
    try (Repository repo = openOrCreate(dir);
        ObjectInserter inserter = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId parent = repo.resolve(BRANCH);
      Instant when = EPOCH;
      CommitBuilder commit = new CommitBuilder();
      if (parent != null) {
        RevCommit parentCommit = walk.parseCommit(parent);
        when = Instant.ofEpochSecond(parentCommit.getCommitTime() + SECONDS_BETWEEN_COMMITS);
        commit.setParentId(parent);
      }
      PersonIdent ident =
          new PersonIdent("Airlock Fixture", "fixture@airlock.invalid", when, ZoneOffset.UTC);
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage(message.endsWith("\n") ? message : message + "\n");
      commit.setTreeId(tree.write(inserter));
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(BRANCH);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(parent != null ? parent : ObjectId.zeroId());
      update.setRefLogMessage("fixture commit", false);
      RefUpdate.Result result = update.update(walk);
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IllegalStateException("fixture ref update failed: " + result);
      }
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write fixture repository", e);
    }
  }

  /** The current tip of {@code main}, if the repository exists and has a commit. */
  public Optional<String> tip(String owner, String name) {
    Path dir = directoryOf(owner, name);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
      ObjectId id = repo.resolve(BRANCH);
      return Optional.ofNullable(id).map(ObjectId::name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture repository", e);
    }
  }

  private static Repository openOrCreate(Path dir) throws IOException {
    Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    if (!repo.getObjectDatabase().exists()) {
      Files.createDirectories(dir);
      repo.create(true);
      RefUpdate head = repo.updateRef(Constants.HEAD);
      head.disableRefLog();
      head.link(BRANCH);
    }
    return repo;
  }
}
