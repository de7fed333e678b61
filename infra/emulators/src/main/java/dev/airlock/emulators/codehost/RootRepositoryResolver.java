package dev.airlock.emulators.codehost;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.util.FS;

/**
 * Opens {@code <root>/<owner>/<name>.git} and nothing else. The name is re-validated here and
 * re-checked against the token's grant (the access filter already did both; a second check means a
 * change in how JGit splits the URL cannot widen access). The resolved real path must stay inside
 * the root's real path, so a symlink planted under the root cannot lead outside it.
 */
final class RootRepositoryResolver implements RepositoryResolver<HttpServletRequest> {

  private final Path root;
  private final Path realRoot;

  RootRepositoryResolver(Path root) throws IOException {
    this.root = root;
    this.realRoot = root.toRealPath();
  }

  @Override
  public Repository open(HttpServletRequest req, String name) throws RepositoryNotFoundException {
    String trimmed = name;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    Optional<RepositoryName> parsed = RepositoryName.fromGitPath(trimmed);
    Object grant = req.getAttribute(GitAccessFilter.GRANT);
    if (parsed.isEmpty()
        || !(grant instanceof InstallationTokens.Grant g)
        || !g.repositories().contains(parsed.get().fullName())) {
      throw new RepositoryNotFoundException("repository");
    }
    Path dir = parsed.get().directoryUnder(root);
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new RepositoryNotFoundException("repository");
      }
      Path real = dir.toRealPath();
      if (!real.startsWith(realRoot)
          || !RepositoryCache.FileKey.isGitRepository(real.toFile(), FS.DETECTED)) {
        throw new RepositoryNotFoundException("repository");
      }
      return new FileRepositoryBuilder().setGitDir(real.toFile()).setMustExist(true).build();
    } catch (RepositoryNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new RepositoryNotFoundException("repository", e);
    }
  }
}
