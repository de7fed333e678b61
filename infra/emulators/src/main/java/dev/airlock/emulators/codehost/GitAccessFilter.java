package dev.airlock.emulators.codehost;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guards the git endpoint as GitHub does for a private repository: HTTP Basic with user {@code
 * x-access-token} and an installation token as password. A missing, unknown, expired or revoked
 * token gets 401 with a Basic challenge; a good token that does not cover the repository gets 404,
 * so a token cannot be used to learn which repositories exist.
 */
final class GitAccessFilter implements Filter {

  /** Request attribute holding the authenticated {@link InstallationTokens.Grant}. */
  static final String GRANT = GitAccessFilter.class.getName() + ".grant";

  private static final Pattern REPOSITORY_PATH = Pattern.compile("/([^/]+/[^/]+\\.git)(/.*)?");
  private static final String USER = "x-access-token";

  private final InstallationTokens tokens;
  private final AtomicLong rejected = new AtomicLong();

  GitAccessFilter(InstallationTokens tokens) {
    this.tokens = tokens;
  }

  long rejectedCredentials() {
    return rejected.get();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    Matcher m = REPOSITORY_PATH.matcher(path);
    Optional<RepositoryName> repository =
        m.matches() ? RepositoryName.fromGitPath(m.group(1)) : Optional.empty();
    if (repository.isEmpty()) {
      notFound(resp);
      return;
    }
    Optional<InstallationTokens.Grant> grant = tokens.authenticate(basicPassword(req));
    if (grant.isEmpty()) {
      rejected.incrementAndGet();
      resp.setHeader("WWW-Authenticate", "Basic realm=\"GitHub\"");
      resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      resp.setContentType("text/plain; charset=utf-8");
      resp.getWriter().write("Invalid username or token.\n");
      return;
    }
    req.setAttribute(RequestLogFilter.PRINCIPAL, "installation:" + grant.get().installationId());
    // A token minted without contents:read cannot read code on GitHub either.
    if (!grant.get().repositories().contains(repository.get().fullName())
        || !"read".equals(grant.get().permissions().get("contents"))) {
      notFound(resp);
      return;
    }
    if (isPush(req, m.group(2))) {
      // What GitHub answers a read-only installation token; JGit alone would say 406 or 404.
      resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
      resp.setContentType("text/plain; charset=utf-8");
      resp.getWriter().write("Write access to repository not granted.\n");
      return;
    }
    req.setAttribute(GRANT, grant.get());
    chain.doFilter(req, resp);
  }

  private static boolean isPush(HttpServletRequest req, String rest) {
    return "/git-receive-pack".equals(rest)
        || ("/info/refs".equals(rest) && "git-receive-pack".equals(req.getParameter("service")));
  }

  private static void notFound(HttpServletResponse resp) throws IOException {
    resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
    resp.setContentType("text/plain; charset=utf-8");
    resp.getWriter().write("Repository not found.\n");
  }

  /** The token from {@code Basic x-access-token:<token>}; null for anything else. */
  private static String basicPassword(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || !decoded.substring(0, colon).equals(USER)) {
      return null;
    }
    return decoded.substring(colon + 1);
  }
}
