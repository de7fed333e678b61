package dev.airlock.emulators.codehost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.emulators.codehost.AppJwtVerifier.JwtRejectedException;
import dev.airlock.emulators.codehost.AppJwtVerifier.VerifiedAppJwt;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slice of GitHub's REST API that an app uses to get and drop installation tokens, mounted at
 * {@code /api/v3} like GitHub Enterprise Server. Error bodies are {@code {"message": ...}} and
 * never echo a credential.
 */
final class TokenApiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Pattern ACCESS_TOKENS =
      Pattern.compile("/app/installations/([0-9]{1,18})/access_tokens");
  private static final Pattern INSTALLATION = Pattern.compile("/app/installations/([0-9]{1,18})");
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final transient AppJwtVerifier jwtVerifier;
  private final transient InstallationTokens tokens;
  private final transient Installations installations;
  private final transient ObjectMapper json;
  private final transient Supplier<URI> gitBaseUrl;
  private final long appId;
  private final AtomicLong rejectedAppJwts = new AtomicLong();

  TokenApiServlet(
      AppJwtVerifier jwtVerifier,
      InstallationTokens tokens,
      Installations installations,
      ObjectMapper json,
      Supplier<URI> gitBaseUrl,
      long appId) {
    this.jwtVerifier = jwtVerifier;
    this.tokens = tokens;
    this.installations = installations;
    this.json = json;
    this.gitBaseUrl = gitBaseUrl;
    this.appId = appId;
  }

  long rejectedAppJwts() {
    return rejectedAppJwts.get();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String method = req.getMethod();
    Matcher m;
    if ("POST".equals(method) && (m = ACCESS_TOKENS.matcher(path)).matches()) {
      createAccessToken(req, resp, Long.parseLong(m.group(1)));
    } else if ("GET".equals(method) && (m = INSTALLATION.matcher(path)).matches()) {
      getInstallation(req, resp, Long.parseLong(m.group(1)));
    } else if ("GET".equals(method) && "/app".equals(path)) {
      if (verifyApp(req, resp).isPresent()) {
        writeJson(resp, 200, json.createObjectNode().put("id", appId).put("slug", "airlock-local"));
      }
    } else if ("GET".equals(method) && "/installation/repositories".equals(path)) {
      listInstallationRepositories(req, resp);
    } else if ("DELETE".equals(method) && "/installation/token".equals(path)) {
      revokeToken(req, resp);
    } else {
      writeMessage(resp, 404, "Not Found");
    }
  }

  private void createAccessToken(HttpServletRequest req, HttpServletResponse resp, long id)
      throws IOException {
    Optional<VerifiedAppJwt> app = verifyApp(req, resp);
    if (app.isEmpty()) {
      return;
    }
    Optional<Installation> found = installations.find(id);
    if (found.isEmpty()) {
      writeMessage(resp, 404, "Not Found");
      return;
    }
    Installation installation = found.get();
    JsonNode body;
    try {
      body = readBody(req);
    } catch (BodyTooLargeException e) {
      writeMessage(resp, 413, "Request body is too large");
      return;
    } catch (JsonProcessingException e) {
      writeMessage(resp, 400, "Problems parsing JSON");
      return;
    }
    Set<String> selected;
    Map<String, String> permissions;
    try {
      selected = selectRepositories(installation, body);
      permissions = selectPermissions(body.get("permissions"));
    } catch (UnprocessableException e) {
      writeMessage(resp, 422, e.getMessage());
      return;
    }
    InstallationTokens.Minted minted = tokens.mint(installation.id(), selected, permissions);
    ObjectNode out = json.createObjectNode();
    out.put("token", minted.token());
    out.put("expires_at", minted.grant().expiresAt().toString());
    out.set("permissions", json.valueToTree(new TreeMap<>(permissions)));
    out.put("repository_selection", "selected");
    out.set("repositories", repositoriesJson(selected));
    resp.setHeader("Cache-Control", "no-store");
    writeJson(resp, 201, out);
  }

  private Set<String> selectRepositories(Installation installation, JsonNode body)
      throws UnprocessableException {
    JsonNode names = body.get("repositories");
    JsonNode ids = body.get("repository_ids");
    boolean noNames = names == null || names.isNull();
    boolean noIds = ids == null || ids.isNull();
    if (noNames && noIds) {
      return installation.repositories();
    }
    Set<String> selected = new TreeSet<>();
    if (!noNames) {
      if (!names.isArray()) {
        throw new UnprocessableException("Invalid request: repositories must be an array");
      }
      for (JsonNode name : names) {
        if (!name.isTextual()) {
          throw new UnprocessableException("Invalid request: repositories must be names");
        }
        // GitHub takes bare names (the installation's account is implied); owner/name also works.
        String text = name.textValue();
        String fullName = text.contains("/") ? text : installation.account() + "/" + text;
        if (!installation.repositories().contains(fullName)) {
          throw notAccessible();
        }
        selected.add(fullName);
      }
    }
    if (!noIds) {
      if (!ids.isArray()) {
        throw new UnprocessableException("Invalid request: repository_ids must be an array");
      }
      for (JsonNode id : ids) {
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
          throw new UnprocessableException("Invalid request: repository_ids must be integers");
        }
        Optional<String> fullName = installations.repositoryById(id.longValue());
        if (fullName.isEmpty() || !installation.repositories().contains(fullName.get())) {
          throw notAccessible();
        }
        selected.add(fullName.get());
      }
    }
    return selected;
  }

  private static UnprocessableException notAccessible() {
    return new UnprocessableException(
        "There is at least one repository that does not exist or is not accessible to the parent"
            + " installation.");
  }

  private static Map<String, String> selectPermissions(JsonNode requested)
      throws UnprocessableException {
    if (requested == null || requested.isNull()) {
      return Installations.PERMISSIONS;
    }
    if (!requested.isObject()) {
      throw new UnprocessableException("Invalid request: permissions must be an object");
    }
    Map<String, String> granted = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : requested.properties()) {
      String held = Installations.PERMISSIONS.get(field.getKey());
      JsonNode level = field.getValue();
      if (held == null || !level.isTextual() || !held.equals(level.textValue())) {
        throw new UnprocessableException(
            "The permissions requested are not granted to this installation.");
      }
      granted.put(field.getKey(), level.textValue());
    }
    return granted;
  }

  private void getInstallation(HttpServletRequest req, HttpServletResponse resp, long id)
      throws IOException {
    if (verifyApp(req, resp).isEmpty()) {
      return;
    }
    Optional<Installation> found = installations.find(id);
    if (found.isEmpty()) {
      writeMessage(resp, 404, "Not Found");
      return;
    }
    ObjectNode out = json.createObjectNode();
    out.put("id", found.get().id());
    out.put("app_id", appId);
    out.set("account", json.createObjectNode().put("login", found.get().account()));
    out.put("repository_selection", "selected");
    out.set("permissions", json.valueToTree(new TreeMap<>(Installations.PERMISSIONS)));
    writeJson(resp, 200, out);
  }

  private void listInstallationRepositories(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Optional<InstallationTokens.Grant> grant = authenticateToken(req, resp);
    if (grant.isEmpty()) {
      return;
    }
    ObjectNode out = json.createObjectNode();
    out.put("total_count", grant.get().repositories().size());
    out.put("repository_selection", "selected");
    out.set("repositories", repositoriesJson(new TreeSet<>(grant.get().repositories())));
    writeJson(resp, 200, out);
  }

  private void revokeToken(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String token = tokenFrom(req);
    Optional<InstallationTokens.Grant> grant = authenticateToken(req, resp);
    if (grant.isEmpty()) {
      return;
    }
    if (!tokens.revoke(token)) {
      writeMessage(resp, 401, "Bad credentials");
      return;
    }
    resp.setStatus(204);
  }

  private Optional<InstallationTokens.Grant> authenticateToken(
      HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<InstallationTokens.Grant> grant = tokens.authenticate(tokenFrom(req));
    if (grant.isEmpty()) {
      writeMessage(resp, 401, "Bad credentials");
      return Optional.empty();
    }
    req.setAttribute(RequestLogFilter.PRINCIPAL, "installation:" + grant.get().installationId());
    return grant;
  }

  private Optional<VerifiedAppJwt> verifyApp(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    String jwt = credential(req, "bearer");
    try {
      VerifiedAppJwt verified = jwtVerifier.verify(jwt);
      req.setAttribute(RequestLogFilter.PRINCIPAL, "app:" + verified.appId());
      return Optional.of(verified);
    } catch (JwtRejectedException e) {
      rejectedAppJwts.incrementAndGet();
      writeMessage(resp, 401, e.getMessage());
      return Optional.empty();
    }
  }

  private static String tokenFrom(HttpServletRequest req) {
    String token = credential(req, "token");
    return token != null ? token : credential(req, "bearer");
  }

  private static String credential(HttpServletRequest req, String scheme) {
    String header = req.getHeader("Authorization");
    if (header == null) {
      return null;
    }
    int space = header.indexOf(' ');
    if (space <= 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(scheme)) {
      return null;
    }
    return header.substring(space + 1).strip();
  }

  private ArrayNode repositoriesJson(Set<String> fullNames) {
    ArrayNode repositories = json.createArrayNode();
    for (String fullName : new TreeSet<>(fullNames)) {
      RepositoryName name = RepositoryName.parse(fullName);
      ObjectNode repo = repositories.addObject();
      repo.put("id", installations.repositoryId(fullName));
      repo.put("name", name.name());
      repo.put("full_name", fullName);
      repo.put("private", true);
      repo.set("owner", json.createObjectNode().put("login", name.owner()));
      repo.put("clone_url", gitBaseUrl.get().resolve(fullName + ".git").toString());
    }
    return repositories;
  }

  private JsonNode readBody(HttpServletRequest req) throws IOException, BodyTooLargeException {
    byte[] bytes;
    try (InputStream in = req.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new BodyTooLargeException();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return json.createObjectNode();
    }
    JsonNode node = json.readTree(text);
    if (node == null || !node.isObject()) {
      throw new JsonProcessingException("body is not a JSON object") {
        private static final long serialVersionUID = 1L;
      };
    }
    return node;
  }

  private void writeMessage(HttpServletResponse resp, int status, String message)
      throws IOException {
    writeJson(resp, status, json.createObjectNode().put("message", message));
  }

  private void writeJson(HttpServletResponse resp, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json; charset=utf-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  private static final class UnprocessableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnprocessableException(String message) {
      super(message, null, false, false);
    }
  }

  private static final class BodyTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super(null, null, false, false);
    }
  }
}
