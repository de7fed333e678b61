package dev.airlock.benchmarks.floor;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Figure 1's floor, shared by the floor handlers of every input type: the AWS calls a function
 * makes for its sample event, with plain SDK v2 clients (the functions' url-connection HTTP client,
 * the default credentials chain, region and endpoint from the same system properties the function
 * gets), no framework, no JSON of the event.
 *
 * <p>The calls come from the system property {@code benchmarks.floor.calls}: {@code ;}-separated,
 * each {@code <client>.<operation> <arg>…} with client {@code s3}, {@code s3replica}, {@code sqs},
 * {@code kms} or {@code kmsreplica} and operation {@code get|head|list|versions|put|delete|mpu
 * <bucket> <key|prefix>} ({@code mpu}: create, upload one part, complete), {@code send <queue
 * url>}, {@code describe|datakey|disable|schedule <key id>}, {@code decrypt <key id> <base64
 * ciphertext>}. Only the clients the calls name are built, in the constructor (the init phase), as
 * a plain handler would. A 404 answer counts as done (the functions' look-ups of absent records get
 * the same answer).
 */
final class PlainSdkCalls implements AutoCloseable {
  private final List<String[]> calls = new ArrayList<>();
  private final Map<String, AutoCloseable> clients = new LinkedHashMap<>();

  PlainSdkCalls() {
    this(System.getProperty("benchmarks.floor.calls", ""));
  }

  PlainSdkCalls(String spec) {
    for (String call : spec.split(";")) {
      if (!call.isBlank()) {
        calls.add(call.trim().split("\\s+"));
      }
    }
    for (String[] call : calls) {
      String client = call[0].substring(0, call[0].indexOf('.'));
      clients.computeIfAbsent(client, PlainSdkCalls::client);
    }
  }

  /** The calls in order; returns how many bytes the reads returned (so nothing is elided). */
  long run() {
    long bytes = 0;
    for (String[] call : calls) {
      try {
        bytes += call(call);
      } catch (AwsServiceException e) {
        if (e.statusCode() != 404 && e.statusCode() != 400) {
          throw e;
        }
      }
    }
    return bytes;
  }

  private long call(String[] c) {
    String client = c[0].substring(0, c[0].indexOf('.'));
    String op = c[0].substring(c[0].indexOf('.') + 1);
    Object cl = clients.get(client);
    if (cl instanceof S3Client s3) {
      switch (op) {
        case "get":
          return s3.getObjectAsBytes(r -> r.bucket(c[1]).key(c[2])).asByteArray().length;
        case "head":
          return s3.headObject(r -> r.bucket(c[1]).key(c[2])).contentLength();
        case "list":
          return s3.listObjectsV2(r -> r.bucket(c[1]).prefix(c.length > 2 ? c[2] : null))
              .keyCount();
        case "put":
          s3.putObject(r -> r.bucket(c[1]).key(c[2]), RequestBody.fromString("{\"floor\":1}"));
          return 0;
        case "versions":
          return s3.listObjectVersions(r -> r.bucket(c[1]).prefix(c.length > 2 ? c[2] : null))
              .versions()
              .size();
        case "delete":
          return s3.deleteObjects(
                  r -> r.bucket(c[1]).delete(d -> d.objects(o -> o.key(c[2])).quiet(true)))
              .deleted()
              .size();
        case "mpu":
          {
            String upload = s3.createMultipartUpload(r -> r.bucket(c[1]).key(c[2])).uploadId();
            String etag =
                s3.uploadPart(
                        r -> r.bucket(c[1]).key(c[2]).uploadId(upload).partNumber(1),
                        RequestBody.fromString("{\"floor\":1}"))
                    .eTag();
            s3.completeMultipartUpload(
                r ->
                    r.bucket(c[1])
                        .key(c[2])
                        .uploadId(upload)
                        .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
            return 0;
          }
        default:
          break;
      }
    } else if (cl instanceof SqsClient sqs && op.equals("send")) {
      String id = UUID.randomUUID().toString();
      sqs.sendMessage(
          r -> {
            r.queueUrl(c[1]).messageBody("{\"floor\":\"" + id + "\"}");
            if (c[1].endsWith(".fifo")) {
              r.messageGroupId("floor").messageDeduplicationId(id);
            }
          });
      return 0;
    } else if (cl instanceof KmsClient kms) {
      switch (op) {
        case "describe":
          kms.describeKey(r -> r.keyId(c[1]));
          return 0;
        case "datakey":
          return kms.generateDataKey(r -> r.keyId(c[1]).keySpec(DataKeySpec.AES_256))
              .ciphertextBlob()
              .asByteArray()
              .length;
        case "decrypt":
          // A data key the harness had this key generate (base64 of its ciphertext blob).
          SdkBytes blob = SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(c[2]));
          return kms.decrypt(r -> r.keyId(c[1]).ciphertextBlob(blob))
              .plaintext()
              .asByteArray()
              .length;
        case "disable":
          kms.disableKey(r -> r.keyId(c[1]));
          return 0;
        case "schedule":
          kms.scheduleKeyDeletion(r -> r.keyId(c[1]).pendingWindowInDays(7));
          return 0;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("unknown floor call: " + String.join(" ", c));
  }

  private static AutoCloseable client(String name) {
    boolean replica = name.endsWith("replica");
    String region =
        replica
            ? System.getProperty("aws.replica-region")
            : System.getProperty("aws.region", System.getenv("AWS_REGION"));
    String endpoint =
        System.getProperty(
            "aws.services."
                + (replica ? name.replace("replica", "-replica") : name)
                + ".endpoint-override");
    URI uri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
    switch (name) {
      case "s3":
      case "s3replica":
        var s3 =
            S3Client.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (uri != null) {
          s3.endpointOverride(uri).forcePathStyle(true);
        }
        return s3.build();
      case "sqs":
        var sqs =
            SqsClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (uri != null) {
          sqs.endpointOverride(uri);
        }
        return sqs.build();
      case "kms":
      case "kmsreplica":
        var kms =
            KmsClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (uri != null) {
          kms.endpointOverride(uri);
        }
        return kms.build();
      default:
        throw new IllegalArgumentException("unknown floor client: " + name);
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : clients.values()) {
      c.close();
    }
  }
}
