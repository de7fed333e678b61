package dev.airlock.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback port helpers for stand-ins that must be told their port before they bind. */
public final class Ports {
  private Ports() {}

  /**
   * A currently free loopback port. There is a small window in which another process may take it;
   * callers that cannot bind to port 0 directly retry on a bind failure.
   */
  public static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
