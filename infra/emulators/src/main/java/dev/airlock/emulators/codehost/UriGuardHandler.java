package dev.airlock.emulators.codehost;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 404 to any request whose raw path is not plain {@code /segment/segment...} of URL-safe
 * characters: no dot segments, no percent-encoding, no backslashes, no empty segments. Every
 * legitimate path on this host (repositories and API routes) fits; traversal attempts, in any
 * encoding, never reach the servlets, and the answer does not reveal what exists.
 */
final class UriGuardHandler extends Handler.Wrapper {

  private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_.\\-]+)*/?");
  private static final byte[] NOT_FOUND =
      "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);

  private final RequestLog log;

  UriGuardHandler(Handler handler, RequestLog log) {
    super(handler);
    this.log = log;
  }

  static boolean isSafe(HttpURI uri) {
    String raw = uri.getPath();
    if (raw == null || raw.isEmpty() || !SAFE_PATH.matcher(raw).matches()) {
      return false;
    }
    for (String segment : raw.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return raw.equals(uri.getCanonicalPath());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Object refused = request.getAttribute(UnsafeTargetCustomizer.REFUSED_PATH);
    if (refused == null && isSafe(request.getHttpURI())) {
      return super.handle(request, response, callback);
    }
    String path =
        refused != null ? refused.toString() : String.valueOf(request.getHttpURI().getPath());
    log.record(request.getMethod(), path, 404, "anonymous");
    response.setStatus(404);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.write(true, ByteBuffer.wrap(NOT_FOUND), callback);
    return true;
  }
}
