package dev.airlock.emulators.codehost;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Records every servlet request in the {@link RequestLog}, with its outcome and principal. */
final class RequestLogFilter implements Filter {

  /** Request attribute naming who the request authenticated as; never a credential. */
  static final String PRINCIPAL = RequestLogFilter.class.getName() + ".principal";

  private final RequestLog log;

  RequestLogFilter(RequestLog log) {
    this.log = log;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      Object principal = req.getAttribute(PRINCIPAL);
      log.record(
          req.getMethod(),
          req.getRequestURI(),
          failed ? 500 : resp.getStatus(),
          principal instanceof String p ? p : "anonymous");
    }
  }
}
