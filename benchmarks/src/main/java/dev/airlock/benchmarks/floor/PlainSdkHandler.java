package dev.airlock.benchmarks.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Figure 1's floor: the least a Java Lambda can be that makes the webhook's AWS calls for an
 * accepted event — one S3 {@code GetObject} (the installation record) and one SQS {@code
 * SendMessage} to the FIFO queue — with the SDK v2 and the same HTTP client as the functions, no
 * framework, no JSON parsing of the body, no signature check. Configured by the same system
 * properties the function gets ({@code aws.region}, {@code aws.services.s3.endpoint-override},
 * {@code aws.services.sqs.endpoint-override}, {@code airlock.buckets.state}, {@code
 * airlock.queues.analysis}) plus {@code benchmarks.floor.key}, the object to read.
 */
public final class PlainSdkHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final S3Client s3;
  private final SqsClient sqs;
  private final String bucket = System.getProperty("airlock.buckets.state");
  private final String key = System.getProperty("benchmarks.floor.key");
  private final String queueUrl = System.getProperty("airlock.queues.analysis");

  public PlainSdkHandler() {
    Region region = Region.of(System.getProperty("aws.region", "us-east-1"));
    s3 =
        S3Client.builder()
            .region(region)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .endpointOverride(URI.create(System.getProperty("aws.services.s3.endpoint-override")))
            .forcePathStyle(true)
            .build();
    sqs =
        SqsClient.builder()
            .region(region)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .endpointOverride(URI.create(System.getProperty("aws.services.sqs.endpoint-override")))
            .build();
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    ResponseBytes<GetObjectResponse> record = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
    String id = UUID.randomUUID().toString();
    sqs.sendMessage(
        r ->
            r.queueUrl(queueUrl)
                .messageGroupId("floor")
                .messageDeduplicationId(id)
                .messageBody("{\"floor\":" + record.asByteArray().length + "}"));
    APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
    response.setStatusCode(202);
    response.setHeaders(Map.of("Content-Type", "application/json"));
    response.setBody("{\"jobId\":\"" + id + "\"}");
    return response;
  }
}
