package dev.airlock.emulators.codehost;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ReceivePackFactory;

/**
 * A local stand-in for GitHub as Airlock's checkout step sees it: a read-only git smart-HTTP server
 * over a directory of bare repositories, and the GitHub App token API that mints the short-lived
 * installation tokens the server accepts. Both speak the real wire protocols, so the production
 * clone and token code runs against it unchanged.
 *
 * <p>Listens on 127.0.0.1 only. Repositories live at {@code <root>/<owner>/<name>.git} and are
 * served at {@link #gitBaseUrl()}{@code <owner>/<name>.git}; the API is at {@link #apiBaseUrl()}.
 * See the package documentation for what the stand-in does not model.
 */
public final class LocalCodeHost implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";

  private final LocalCodeHostConfig config;
  private final KeyPair generatedKeyPair;
  private final Installations installations = new Installations();
  private final InstallationTokens tokens;
  private final RequestLog requestLog;
  private final TokenApiServlet api;
  private final GitAccessFilter gitAccess;
  private final Server server;
  private URI baseUrl;

  private LocalCodeHost(LocalCodeHostConfig config) throws IOException {
    this.config = config;
    RSAPublicKey appKey = config.appPublicKey();
    if (appKey == null) {
      generatedKeyPair = generateKeyPair();
      appKey = (RSAPublicKey) generatedKeyPair.getPublic();
    } else {
      generatedKeyPair = null;
    }
    ObjectMapper json = new ObjectMapper();
    tokens = new InstallationTokens(config.clock(), config.tokenTtl());
    requestLog = new RequestLog(config.clock(), config.requestLogSink());
    api =
        new TokenApiServlet(
            new AppJwtVerifier(appKey, config.appId(), config.clock(), json),
            tokens,
            installations,
            json,
            this::gitBaseUrl,
            config.appId());
    gitAccess = new GitAccessFilter(tokens);
    server = buildServer(new RootRepositoryResolver(config.repositoriesRoot()));
  }

  /**
   * Starts the host; returns once it accepts connections.
   *
   * @throws IllegalArgumentException if the repositories root is not an existing directory
   * @throws IllegalStateException if the server cannot bind or start
   */
  public static LocalCodeHost start(LocalCodeHostConfig config) {
    Objects.requireNonNull(config, "config");
    if (!Files.isDirectory(config.repositoriesRoot())) {
      throw new IllegalArgumentException("repositories root is not a directory");
    }
    LocalCodeHost host;
    try {
      host = new LocalCodeHost(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the repositories root", e);
    }
    try {
      host.server.start();
    } catch (Exception e) {
      host.close();
      throw new IllegalStateException("local code host failed to start", e);
    }
    int port = ((ServerConnector) host.server.getConnectors()[0]).getLocalPort();
    host.baseUrl = URI.create("http://" + LOOPBACK + ":" + port + "/");
    return host;
  }

  private Server buildServer(RootRepositoryResolver resolver) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("local-code-host");
    threads.setDaemon(true);
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.addCustomizer(new UnsafeTargetCustomizer());
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(LOOPBACK);
    connector.setPort(config.port());
    jetty.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(
        new FilterHolder(new RequestLogFilter(requestLog)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("token-api", api), "/api/v3/*");

    GitServlet git = new GitServlet();
    git.setRepositoryResolver(resolver);
    // Smart HTTP only, like GitHub: the dumb protocol would serve raw files out of the repository.
    git.setAsIsFileService(AsIsFileService.DISABLED);
    git.setUploadPackFactory(LocalCodeHost::uploadPack);
    git.setUploadPackErrorHandler(LocalCodeHost::uploadPackErrors);
    @SuppressWarnings("unchecked")
    ReceivePackFactory<HttpServletRequest> noPush =
        (ReceivePackFactory<HttpServletRequest>) ReceivePackFactory.DISABLED;
    git.setReceivePackFactory(noPush);
    context.addServlet(new ServletHolder("git", git), "/*");

    FilterHolder access = new FilterHolder(gitAccess);
    access.setName("git-access");
    context.getServletHandler().addFilter(access);
    FilterMapping accessMapping = new FilterMapping();
    accessMapping.setFilterName("git-access");
    accessMapping.setServletName("git");
    accessMapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
    context.getServletHandler().addFilterMapping(accessMapping);

    org.eclipse.jetty.ee10.servlet.ErrorHandler errors =
        new org.eclipse.jetty.ee10.servlet.ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    context.setErrorHandler(errors);

    jetty.setHandler(new UriGuardHandler(context, requestLog));
    org.eclipse.jetty.server.handler.ErrorHandler serverErrors =
        new org.eclipse.jetty.server.handler.ErrorHandler();
    serverErrors.setShowStacks(false);
    serverErrors.setShowMessageInTitle(false);
    jetty.setErrorHandler(serverErrors);
    return jetty;
  }

  private static UploadPack uploadPack(
      HttpServletRequest req, org.eclipse.jgit.lib.Repository repository) {
    UploadPack up = new UploadPack(repository);
    // A checkout fetches one commit by SHA, which need not be a branch tip (GitHub allows it).
    up.setRequestPolicy(UploadPack.RequestPolicy.REACHABLE_COMMIT);
    String protocol = req.getHeader("Git-Protocol");
    if (protocol != null) {
      up.setExtraParameters(Arrays.asList(protocol.split(":")));
    }
    return up;
  }

  /**
   * JGit's default handling, except for a wanted object the repository does not have: JGit answers
   * that with a bare HTTP 500, GitHub with {@code ERR upload-pack: not our ref <sha>} (HTTP 200),
   * which is what a client must be able to tell from an outage. Nothing else changes.
   */
  private static void uploadPackErrors(
      HttpServletRequest req,
      jakarta.servlet.http.HttpServletResponse rsp,
      org.eclipse.jgit.http.server.UploadPackErrorHandler.UploadPackRunnable upload)
      throws java.io.IOException {
    try {
      upload.upload();
    } catch (org.eclipse.jgit.transport.ServiceMayNotContinueException e) {
      if (!e.isOutput() && !rsp.isCommitted()) {
        rsp.reset();
        org.eclipse.jgit.http.server.GitSmartHttpTools.sendError(
            req, rsp, e.getStatusCode(), e.getMessage());
      }
    } catch (Throwable t) {
      if (rsp.isCommitted()) {
        return;
      }
      rsp.reset();
      String missing = missingWant(t);
      if (missing != null) {
        org.eclipse.jgit.http.server.GitSmartHttpTools.sendError(
            req, rsp, 200, "upload-pack: not our ref " + missing);
        return;
      }
      org.eclipse.jgit.http.server.GitSmartHttpTools.sendError(
          req,
          rsp,
          org.eclipse.jgit.http.server.UploadPackErrorHandler.statusCodeForThrowable(t),
          t instanceof org.eclipse.jgit.errors.PackProtocolException ? t.getMessage() : null);
    }
  }

  /** The id of a wanted object that does not exist, if that is what {@code t} reports. */
  private static String missingWant(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof org.eclipse.jgit.errors.MissingObjectException m
          && m.getObjectId() != null) {
        return m.getObjectId().name();
      }
      if (c instanceof org.eclipse.jgit.transport.WantNotValidException) {
        return "(want)";
      }
    }
    return null;
  }

  private static KeyPair generateKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is required by every JDK", e);
    }
  }

  /** {@code http://127.0.0.1:<port>/}; repositories are at {@code <owner>/<name>.git} below it. */
  public URI gitBaseUrl() {
    return baseUrl;
  }

  /** The clone URL of {@code owner/name}. */
  public URI cloneUrl(String ownerSlashName) {
    return baseUrl.resolve(RepositoryName.parse(ownerSlashName).fullName() + ".git");
  }

  /** {@code http://127.0.0.1:<port>/api/v3/}, the GitHub Enterprise Server style REST base. */
  public URI apiBaseUrl() {
    return baseUrl.resolve("api/v3/");
  }

  /** The app id that app JWTs must carry as {@code iss}. */
  public long appId() {
    return config.appId();
  }

  /** The key pair the host generated when the config named no public key; empty otherwise. */
  public Optional<KeyPair> appKeyPair() {
    return Optional.ofNullable(generatedKeyPair);
  }

  /**
   * Registers (or replaces) an installation of the app on {@code account}, granted {@code
   * repositories} ({@code owner/name}, each owned by {@code account}). The repositories need not
   * exist yet; a token for a missing one gets 404 from the git endpoint.
   *
   * @throws IllegalArgumentException if the id, account or a repository name is invalid
   */
  public Installation registerInstallation(
      long installationId, String account, Collection<String> repositories) {
    Installation installation = Installation.of(installationId, account, repositories);
    installations.register(installation);
    return installation;
  }

  /** The numeric id the token API reports for {@code owner/name} (for {@code repository_ids}). */
  public long repositoryId(String ownerSlashName) {
    return installations.repositoryId(RepositoryName.parse(ownerSlashName).fullName());
  }

  /** Token counters: issued, revoked, active, and refused JWTs and git credentials. */
  public TokenStats tokenStats() {
    return new TokenStats(
        tokens.issued(),
        tokens.revoked(),
        tokens.active(),
        api.rejectedAppJwts(),
        gitAccess.rejectedCredentials());
  }

  /** The most recent requests (up to 10,000), oldest first; they never carry credentials. */
  public List<RequestLogEntry> requestLog() {
    return requestLog.entries();
  }

  /** SHA-256 hex digests of every token minted, the only form in which tokens are kept. */
  Set<String> storedTokenKeys() {
    return tokens.storedKeys();
  }

  /** Stops the server; idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("local code host failed to stop", e);
    }
  }
}
