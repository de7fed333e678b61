package dev.airlock.emulators.kms;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Test support: a running {@link LocalKmsServer} and real SDK {@link KmsClient}s pointed at it with
 * static dummy credentials, one per region.
 */
final class LocalKms implements AutoCloseable {

  static final Region EAST = Region.US_EAST_1;
  static final Region WEST = Region.US_WEST_2;

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDLOCALKMSTEST", "local-kms-test-not-a-secret"));

  final LocalKmsServer server;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private final List<KmsClient> clients = new ArrayList<>();

  private LocalKms(LocalKmsServer server) {
    this.server = server;
  }

  static LocalKms start() {
    return start(LocalKmsConfig.defaults());
  }

  static LocalKms start(LocalKmsConfig config) {
    return new LocalKms(LocalKmsServer.start(config));
  }

  synchronized KmsClient client(Region region) {
    KmsClient client =
        KmsClient.builder()
            .region(region)
            .endpointOverride(server.endpoint())
            .credentialsProvider(CREDENTIALS)
            .httpClient(http)
            .build();
    clients.add(client);
    return client;
  }

  static KeyMetadata createKey(KmsClient kms, String description) {
    return kms.createKey(b -> b.description(description)).keyMetadata();
  }

  static KeyMetadata createMultiRegionKey(KmsClient kms, String description) {
    return kms.createKey(b -> b.description(description).multiRegion(true)).keyMetadata();
  }

  static SdkBytes bytes(String s) {
    return SdkBytes.fromUtf8String(s);
  }

  @Override
  public synchronized void close() {
    clients.forEach(KmsClient::close);
    http.close();
    server.close();
  }
}
