package dev.airlock.backup;

import dev.airlock.aws.config.AwsClients;
import dev.airlock.backup.config.BackupAssembly;
import dev.airlock.backup.config.BackupSettings;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One snapshot in a child JVM (so a test can bound its heap with {@code -Xmx}, or kill it midway):
 * wired like the Lambda, without Micronaut. Prints {@code MANIFEST <json>} and {@code PEAK_HEAP
 * <bytes>} on success.
 */
public final class SnapshotChild {
  private SnapshotChild() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Region region = Region.of(a.get("region"));
    // S3 keeps a slow CompleteMultipartUpload alive with whitespace; S3Mock does not, and
    // concatenating gigabytes of parts on a busy disk can outlast the 30 s socket timeout.
    try (S3Client s3 =
            S3Client.builder()
                .endpointOverride(URI.create(a.get("s3")))
                .region(region)
                .forcePathStyle(true)
                .credentialsProvider(AwsClients.localCredentials())
                .httpClientBuilder(
                    UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(10)))
                .build();
        KmsClient kms = AwsClients.kms(URI.create(a.get("kms")), region)) {
      BackupSettings settings =
          BackupSettings.builder()
              .stateBucket(a.get("state"))
              .backupBucket(a.get("backup"))
              .backupKeyId(a.get("key"))
              .backupSseKmsKeyId(a.get("sse"))
              .partBytes(Integer.parseInt(a.getOrDefault("partBytes", "8388608")))
              .listingDelay(Duration.ZERO)
              .build();
      BackupReport report =
          BackupAssembly.assemble(
                  settings,
                  new BackupAssembly.Clients(s3, kms, null, null),
                  new JsonLinesAuditLog(new StringWriter()),
                  metrics -> {})
              .backup();
      System.out.println("MANIFEST " + Json.writeString(report.manifest()));
      System.out.println("PEAK_HEAP " + peakHeap());
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** Starts this class in a child JVM with the test's class path. */
  static Process start(String maxHeap, Path log, Map<String, String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + maxHeap);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SnapshotChild.class.getName());
    args.forEach((k, v) -> cmd.add(k + "=" + v));
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    return pb.start();
  }
}
