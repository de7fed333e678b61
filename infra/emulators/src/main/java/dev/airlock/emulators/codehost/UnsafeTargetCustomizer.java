package dev.airlock.emulators.codehost;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Runs before Jetty resolves the request path. A target that {@link UriGuardHandler} would refuse
 * (dot segments, encodings, NUL, an absolute form that climbs above the root) is swapped for the
 * plain root path, and the original is kept in a request attribute for the guard to log and answer
 * 404. Without this, Jetty itself answers 400 to the targets it cannot canonicalize, and the host's
 * answer to a traversal attempt would depend on its encoding.
 */
final class UnsafeTargetCustomizer implements HttpConfiguration.Customizer {

  /** Request attribute holding the raw path of a refused target. */
  static final String REFUSED_PATH = UnsafeTargetCustomizer.class.getName() + ".refused";

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    HttpURI uri = request.getHttpURI();
    if (UriGuardHandler.isSafe(uri)) {
      return request;
    }
    HttpURI neutral = HttpURI.build(uri).path("/").query(null).asImmutable();
    Request replaced =
        new Request.Wrapper(request) {
          @Override
          public HttpURI getHttpURI() {
            return neutral;
          }
        };
    replaced.setAttribute(REFUSED_PATH, String.valueOf(uri.getPath()));
    return replaced;
  }
}
