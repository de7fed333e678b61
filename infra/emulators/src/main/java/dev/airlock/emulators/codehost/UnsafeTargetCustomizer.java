package dev.airlock.emulators.codehost;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Runs after Jetty parsed the request line but before its URI-compliance check and path resolution.
 * A target that {@link UriGuardHandler} would refuse (dot segments, percent-encoding, backslashes,
 * empty segments) is swapped for the plain root path, and the original is kept in a request
 * attribute for the guard to log and answer 404. Without this, Jetty's compliance check would
 * answer 400 to the encoded forms and the host's answer to a traversal attempt would depend on its
 * encoding. (Targets Jetty cannot parse at all, such as ones climbing above {@code /}, are refused
 * by its parser with 400 before this runs.)
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
