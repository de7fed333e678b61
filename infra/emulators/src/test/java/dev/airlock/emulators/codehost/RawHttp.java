package dev.airlock.emulators.codehost;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends one request with the path bytes exactly as given: java.net.http would normalize or reject
 * the traversal paths the tests need to put on the wire.
 */
final class RawHttp {

  record Reply(int status, String head, String body) {}

  private RawHttp() {}

  static Reply send(URI base, String method, String rawTarget, String authorization)
      throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder();
      request.append(method).append(' ').append(rawTarget).append(" HTTP/1.1\r\n");
      request
          .append("Host: ")
          .append(base.getHost())
          .append(':')
          .append(base.getPort())
          .append("\r\n");
      if (authorization != null) {
        request.append("Authorization: ").append(authorization).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int headEnd = response.indexOf("\r\n\r\n");
      String head = headEnd < 0 ? response : response.substring(0, headEnd);
      String body = headEnd < 0 ? "" : response.substring(headEnd + 4);
      String[] statusLine = head.split("\r\n", 2)[0].split(" ");
      return new Reply(Integer.parseInt(statusLine[1]), head, body);
    }
  }
}
