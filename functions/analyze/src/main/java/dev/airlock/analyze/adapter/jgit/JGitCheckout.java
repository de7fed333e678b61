package dev.airlock.analyze.adapter.jgit;

import dev.airlock.analyze.domain.AccessToken;
import dev.airlock.analyze.domain.AnalysisException;
import dev.airlock.analyze.domain.CheckoutReport;
import dev.airlock.analyze.domain.CheckoutRules;
import dev.airlock.analyze.domain.CheckoutRules.Decision;
import dev.airlock.analyze.domain.CheckoutRules.EntryKind;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RepositoryTarget;
import dev.airlock.analyze.domain.Workspace;
import dev.airlock.analyze.port.RepositoryCheckout;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TooLargeObjectInPackException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * {@link RepositoryCheckout} with JGit: a bare repository in the workspace's git directory, a
 * depth-2 fetch of exactly the commit and its first parent ({@code <sha>:refs/airlock/checkout}, no
 * tags, no submodules), then the commit's tree written by this class itself, not by JGit's
 * checkout: every entry passes {@link CheckoutRules} in a first walk before anything is written,
 * and only regular files are written (raw blob bytes: no filters, no LFS smudging, no end-of-line
 * conversion, never executable, never a symbolic link), each with {@code CREATE_NEW} and {@code
 * NOFOLLOW_LINKS}.
 *
 * <p>The token reaches JGit only as an in-memory {@link UsernamePasswordCredentialsProvider}: the
 * remote URL carries no credentials and nothing is written to the repository's config except
 * hardening ({@code core.symlinks=false}, {@code core.hooksPath=/dev/null}, no redirects, protocol
 * v2, no submodule recursion). User, system and JGit configuration files are ignored ({@link
 * IsolatedGitConfig}).
 */
public final class JGitCheckout implements RepositoryCheckout {

  /** The refspec destination (JGit does not write it for an exact-SHA source). */
  static final String CHECKOUT_REF = "refs/airlock/checkout";

  private static final FileAttribute<Set<PosixFilePermission>> DIR_PERMS =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE_PERMS =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Clock clock;

  public JGitCheckout(Clock clock) {
    this.clock = clock;
    IsolatedGitConfig.install();
  }

  @Override
  public CheckoutReport checkout(
      RepositoryTarget target,
      String commitSha,
      AccessToken token,
      Workspace workspace,
      CheckoutRules rules,
      Instant deadline,
      BaselineCheck baseline) {
    if (commitSha.length() != Constants.OBJECT_ID_STRING_LENGTH) {
      // JGit reads SHA-1 repositories only.
      throw new AnalysisException(Reason.UNSUPPORTED_OBJECT_FORMAT);
    }
    ObjectId want = ObjectId.fromString(commitSha);
    try (Repository repo =
        CappedRepository.open(workspace.gitDir(), rules.caps().maxRepositoryBytes())) {
      repo.create(true);
      harden(repo.getConfig());
      long t = System.nanoTime();
      fetch(repo, target, want, token, rules.caps().maxRepositoryBytes(), workspace, deadline);
      long fetchMillis = (System.nanoTime() - t) / 1_000_000;
      long fetched = CapMonitor.sizeOf(workspace.gitDir());
      t = System.nanoTime();
      try (ObjectReader reader = repo.newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        // JGit fetches an exact SHA without writing the destination ref: look for the object.
        if (!repo.getObjectDatabase().has(want)) {
          throw new AnalysisException(Reason.COMMIT_NOT_FOUND);
        }
        RevCommit commit;
        try {
          commit = walk.parseCommit(want);
        } catch (IncorrectObjectTypeException e) {
          throw new AnalysisException(Reason.COMMIT_NOT_FOUND);
        }
        List<Planned> plan =
            plan(reader, commit, rules, pathBudget(workspace.sourceDir()), deadline);
        String base = null;
        Set<String> unchanged = new HashSet<>();
        if (commit.getParentCount() > 0) {
          ObjectId parent = commit.getParent(0).getId();
          // depth 2 brings the first parent's commit and tree; a host that sent less gets a full
          // checkout
          if (repo.getObjectDatabase().has(parent) && baseline.usable(parent.name())) {
            Map<String, ObjectId> before = blobs(reader, walk.parseCommit(parent), deadline);
            List<Planned> changed = new ArrayList<>();
            for (Planned p : plan) {
              if (p.blob().equals(before.get(p.path()))) {
                unchanged.add(p.path());
              } else {
                changed.add(p);
              }
            }
            plan = changed;
            base = parent.name();
          }
        }
        Written written = write(reader, plan, workspace.sourceDir(), deadline);
        return new CheckoutReport(
            fetched,
            rules.declaredBytes(),
            written.paths.size(),
            written.bytes,
            rules.skippedTooLarge(),
            rules.skippedBytes(),
            rules.symlinksSkipped(),
            rules.submodulesSkipped(),
            written.paths,
            fetchMillis,
            (System.nanoTime() - t) / 1_000_000,
            base,
            unchanged);
      }
    } catch (MissingObjectException | IncorrectObjectTypeException | CorruptObjectException e) {
      throw new AnalysisException(Reason.CORRUPT_REPOSITORY);
    } catch (IOException e) {
      throw new AnalysisException(Reason.FETCH_FAILED);
    }
  }

  private static void harden(StoredConfig config) throws IOException {
    config.setBoolean("core", null, "symlinks", false);
    config.setString("core", null, "hooksPath", "/dev/null");
    config.setBoolean("core", null, "protectNTFS", true);
    config.setBoolean("core", null, "protectHFS", true);
    config.setString("http", null, "followRedirects", "false");
    config.setInt("protocol", null, "version", 2);
    config.setString("fetch", null, "recurseSubmodules", "false");
    config.setBoolean("submodule", null, "recurse", false);
    config.setBoolean("gc", null, "auto", false);
    config.save();
  }

  private void fetch(
      Repository repo,
      RepositoryTarget target,
      ObjectId want,
      AccessToken token,
      long maxBytes,
      Workspace workspace,
      Instant deadline) {
    CapMonitor monitor = new CapMonitor(clock, deadline, workspace.gitDir(), maxBytes);
    long seconds = Duration.between(clock.instant(), deadline).toSeconds();
    if (seconds < 1) {
      throw new AnalysisException(Reason.CLONE_TIMEOUT);
    }
    UsernamePasswordCredentialsProvider credentials =
        new UsernamePasswordCredentialsProvider(token.username(), token.secret());
    try (Git git = Git.wrap(repo)) {
      git.fetch()
          .setRemote(target.cloneUrl().toString())
          .setRefSpecs(new RefSpec("+" + want.name() + ":" + CHECKOUT_REF))
          // the commit and its first parent: what an incremental checkout compares against
          .setDepth(2)
          .setTagOpt(TagOpt.NO_TAGS)
          .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
          .setCredentialsProvider(credentials)
          .setTimeout((int) Math.min(seconds, Integer.MAX_VALUE))
          .setProgressMonitor(monitor)
          .call();
    } catch (GitAPIException | RuntimeException e) {
      if (monitor.reason() != null) {
        throw new AnalysisException(monitor.reason());
      }
      if (clock.instant().isAfter(deadline)) {
        throw new AnalysisException(Reason.CLONE_TIMEOUT);
      }
      throw new AnalysisException(classify(e));
    } finally {
      credentials.clear();
    }
    if (monitor.reason() != null) {
      throw new AnalysisException(monitor.reason());
    }
  }

  /**
   * Tells "the host does not have this commit" from a transport failure, by JGit's own wording (its
   * exceptions carry no codes). Only the reason is kept, never the message.
   */
  private static Reason classify(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TooLargeObjectInPackException || t instanceof TooLargePackException) {
        // JGit refuses objects it cannot hold (over 2 GiB) when it reads the pack header
        return Reason.REPOSITORY_TOO_LARGE;
      }
      String m = t.getMessage();
      if (m != null
          && (m.contains("not valid") || m.contains("not our ref") || m.contains("no such"))) {
        return Reason.COMMIT_NOT_FOUND;
      }
    }
    return Reason.FETCH_FAILED;
  }

  private record Planned(String path, ObjectId blob, long size) {}

  /**
   * A bare repository whose pack parser refuses, while the pack is still being read, any object
   * larger than {@code maxObjectBytes} ({@code TooLargeObjectInPackException}, {@link
   * Reason#REPOSITORY_TOO_LARGE}).
   *
   * <p>Why: JGit resolves every delta of a received pack in memory, to hash the result, and a fetch
   * sets no size limit on it (only {@code ReceivePack} does). A delta of a few kilobytes of copy
   * instructions over a 1 MiB base makes a 1 GiB object: a pack of a few megabytes held dozens of
   * them, every one allocated and hashed in full before the byte cap could see the tree, and the
   * pack on disk (what {@link CapMonitor} measures) stayed tiny. No single object may be larger
   * than the whole repository's cap, so the check costs nothing for a repository that passes.
   */
  static final class CappedRepository extends FileRepository {
    private final long maxObjectBytes;

    private CappedRepository(FileRepositoryBuilder options, long maxObjectBytes)
        throws IOException {
      super(options);
      this.maxObjectBytes = maxObjectBytes;
    }

    static CappedRepository open(Path gitDir, long maxObjectBytes) throws IOException {
      FileRepositoryBuilder options = new FileRepositoryBuilder().setGitDir(gitDir.toFile());
      options.setBare();
      options.setup();
      return new CappedRepository(options, maxObjectBytes);
    }

    @Override
    public ObjectInserter newObjectInserter() {
      ObjectInserter inserter = super.newObjectInserter();
      return new ObjectInserter.Filter() {
        @Override
        protected ObjectInserter delegate() {
          return inserter;
        }

        @Override
        public PackParser newPackParser(InputStream in) throws IOException {
          PackParser parser = super.newPackParser(in);
          parser.setMaxObjectSizeLimit(maxObjectBytes);
          return parser;
        }
      };
    }
  }

  /**
   * Linux refuses a path of {@value #PATH_MAX} bytes or more (with its NUL) in every call, and the
   * JDK passes the whole absolute path: a tree path within {@code max-path-bytes} can still be
   * unwritable once the sandbox's own directory is in front of it. Failing at the write would look
   * like an I/O error (a retried {@code fetch-failed} for a commit that can never be checked out),
   * so such a path is refused in the first walk, before anything is written.
   */
  static final int PATH_MAX = 4096;

  /** The longest tree path (UTF-8 bytes) that still fits under {@code sourceDir}. */
  static int pathBudget(Path sourceDir) {
    int root =
        sourceDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8).length;
    return PATH_MAX - 1 - root - 1;
  }

  private List<Planned> plan(
      ObjectReader reader, RevCommit commit, CheckoutRules rules, int pathBudget, Instant deadline)
      throws IOException {
    List<Planned> plan = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.setRecursive(false);
      tw.addTree(commit.getTree());
      while (tw.next()) {
        checkDeadline(deadline);
        String path = strictUtf8(tw.getRawPath());
        // a '/' inside one entry's name would make two segments out of one
        if (path.split("/", -1).length != tw.getDepth() + 1) {
          throw new AnalysisException(Reason.UNSAFE_PATH);
        }
        if (tw.getRawPath().length > pathBudget) {
          throw new AnalysisException(Reason.PATH_TOO_LONG);
        }
        if (tw.isSubtree()) {
          rules.directory(path);
          tw.enterSubtree();
          continue;
        }
        FileMode mode = tw.getFileMode(0);
        EntryKind kind;
        if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
          kind = EntryKind.FILE;
        } else if (mode == FileMode.SYMLINK) {
          kind = EntryKind.SYMLINK;
        } else if (mode == FileMode.GITLINK) {
          kind = EntryKind.SUBMODULE;
        } else {
          kind = EntryKind.UNSUPPORTED;
        }
        ObjectId id = tw.getObjectId(0);
        long size =
            kind == EntryKind.FILE || kind == EntryKind.SYMLINK
                ? reader.getObjectSize(id, Constants.OBJ_BLOB)
                : 0;
        if (rules.entry(path, kind, size) == Decision.WRITE) {
          plan.add(new Planned(path, id, size));
        }
      }
    }
    return plan;
  }

  /**
   * The regular files of {@code commit} by path (strict UTF-8 names only; anything else cannot
   * equal a path of the plan, which passed the rules).
   */
  private Map<String, ObjectId> blobs(ObjectReader reader, RevCommit commit, Instant deadline)
      throws IOException {
    Map<String, ObjectId> blobs = new HashMap<>();
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.setRecursive(true);
      tw.addTree(commit.getTree());
      while (tw.next()) {
        checkDeadline(deadline);
        FileMode mode = tw.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          continue;
        }
        try {
          blobs.put(strictUtf8(tw.getRawPath()), tw.getObjectId(0));
        } catch (AnalysisException e) {
          // not a path the commit can share with its parent
        }
      }
    }
    return blobs;
  }

  private record Written(Set<String> paths, long bytes) {}

  private Written write(ObjectReader reader, List<Planned> plan, Path sourceDir, Instant deadline)
      throws IOException {
    Path root = sourceDir.toAbsolutePath().normalize();
    Set<Path> made = new HashSet<>();
    Set<String> paths = new HashSet<>();
    long bytes = 0;
    for (Planned p : plan) {
      checkDeadline(deadline);
      Path file = root;
      String[] segments = p.path().split("/");
      for (int i = 0; i < segments.length; i++) {
        file = file.resolve(segments[i]);
        if (i < segments.length - 1 && made.add(file)) {
          if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(file, DIR_PERMS);
          }
        }
      }
      if (!file.normalize().startsWith(root) || file.equals(root)) {
        throw new AnalysisException(Reason.UNSAFE_PATH);
      }
      long copied;
      try (OutputStream out =
          new Bounded(
              Channels.newOutputStream(
                  Files.newByteChannel(
                      file,
                      Set.of(
                          StandardOpenOption.CREATE_NEW,
                          StandardOpenOption.WRITE,
                          LinkOption.NOFOLLOW_LINKS),
                      FILE_PERMS)),
              p.size())) {
        reader.open(p.blob(), Constants.OBJ_BLOB).copyTo(out);
        copied = ((Bounded) out).count;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new AnalysisException(Reason.DUPLICATE_PATH);
      }
      paths.add(p.path());
      bytes += copied;
    }
    return new Written(paths, bytes);
  }

  private void checkDeadline(Instant deadline) {
    if (clock.instant().isAfter(deadline)) {
      throw new AnalysisException(Reason.CLONE_TIMEOUT);
    }
  }

  private static String strictUtf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AnalysisException(Reason.UNSAFE_PATH);
    }
  }

  /** Refuses to write more than a blob declared: the object would not be what was checked. */
  private static final class Bounded extends FilterOutputStream {
    private final long limit;
    long count;

    Bounded(OutputStream out, long limit) {
      super(out);
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      add(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      add(len);
      out.write(b, off, len);
    }

    private void add(long n) {
      count += n;
      if (count > limit) {
        throw new AnalysisException(Reason.CORRUPT_REPOSITORY);
      }
    }
  }
}
