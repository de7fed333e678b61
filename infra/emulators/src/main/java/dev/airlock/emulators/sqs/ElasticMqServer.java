package dev.airlock.emulators.sqs;

import dev.airlock.emulators.Ports;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ (SQS wire protocol, standard and FIFO queues, redrive to DLQs) embedded in this JVM on
 * a loopback port. Starting it costs seconds on a busy 2-core machine: start it once per test JVM
 * or per local stack, never per test.
 */
public final class ElasticMqServer implements AutoCloseable {
  private final SQSRestServer server;
  private final URI endpoint;

  private ElasticMqServer(SQSRestServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  /**
   * Starts ElasticMQ on a free loopback port with queue URLs that name that port.
   *
   * @param region the region queue ARNs name
   * @param accountId the account id queue URLs and ARNs name
   */
  public static ElasticMqServer start(String region, String accountId) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = Ports.freeLoopbackPort();
      try {
        SQSRestServer server =
            SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        server.waitUntilStarted();
        return new ElasticMqServer(server, URI.create("http://127.0.0.1:" + port));
      } catch (RuntimeException e) {
        last = e; // port taken between probe and bind: try another
      }
    }
    throw new IllegalStateException("ElasticMQ did not start", last);
  }

  /** The SQS endpoint URL ({@code http://127.0.0.1:<port>}). */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    server.stopAndWait();
  }
}
