package dev.airlock.emulators.stack;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for provisioning and inspecting the local stand-ins (or a LocalStack container in the
 * Docker test tier). The credentials are placeholders (neither checks signatures); they are never
 * real AWS credentials, and these clients never point at AWS.
 */
public final class LocalClients {
  private LocalClients() {}

  /** Placeholder credentials for loopback stand-ins only. */
  public static final StaticCredentialsProvider LOCAL_CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("airlock-local", "airlock-local"));

  public static S3Client s3(URI endpoint, String region) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(LOCAL_CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .forcePathStyle(true)
        .build();
  }

  public static SqsClient sqs(URI endpoint, String region) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(LOCAL_CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static KmsClient kms(URI endpoint, String region) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(LOCAL_CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
