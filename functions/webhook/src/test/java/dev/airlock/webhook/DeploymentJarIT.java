package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The webhook's deployment jar ({@code target/webhook-lambda.jar}, the SAM CodeUri; runs after
 * {@code package}): Amazon Corretto Crypto Provider, which gives the webhook native HMAC from its
 * first invocation (issue 8, figure 3), must be the build for the architecture {@code
 * template.yaml} deploys to, or its native library does not load and the SnapStart priming hook
 * fails the deployment.
 */
class DeploymentJarIT {
  private static final String NATIVE_LIBRARY =
      "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so";

  /** ELF {@code e_machine} of each Lambda architecture. */
  private static final Map<String, Integer> ELF_MACHINE = Map.of("arm64", 183, "x86_64", 62);

  private static final Pattern ARCHITECTURES =
      Pattern.compile("(?m)^\\s*Architectures:\\s*\\[\\s*([a-z0-9_]+)\\s*]\\s*$");

  @Test
  void lambdaJar_shouldCarryAccpBuiltForTheTemplatesArchitecture() throws IOException {
    String architecture = templateArchitecture();
    Integer expectedMachine = ELF_MACHINE.get(architecture);
    assertNotNull(expectedMachine, "unknown Lambda architecture " + architecture);

    try (JarFile jar = new JarFile(lambdaJar().toFile())) {
      ZipEntry library = jar.getEntry(NATIVE_LIBRARY);
      assertNotNull(library, "ACCP's native library is not in the deployment jar");
      byte[] header;
      try (InputStream in = jar.getInputStream(library)) {
        header = in.readNBytes(20);
      }
      assertEquals(0x7f, header[0] & 0xff);
      assertEquals("ELF", new String(header, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
      int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8; // little-endian e_machine
      assertEquals(
          expectedMachine,
          machine,
          "ACCP's native library is built for ELF machine "
              + machine
              + " but template.yaml deploys to "
              + architecture);
      assertNotNull(
          jar.getEntry("com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider.class"));
    }
  }

  @Test
  void lambdaJar_shouldNotCarrySignatureFilesThatNoLongerMatchIt() throws IOException {
    try (JarFile jar = new JarFile(lambdaJar().toFile())) {
      List<String> signatures =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(n -> n.startsWith("META-INF/"))
              .filter(n -> n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"))
              .toList();
      assertTrue(signatures.isEmpty(), "stale jar signatures: " + signatures);
    }
  }

  /** The single architecture every function in template.yaml is deployed to. */
  private static String templateArchitecture() throws IOException {
    String template = Files.readString(repoRoot().resolve("template.yaml"));
    Matcher m = ARCHITECTURES.matcher(template);
    String found = null;
    while (m.find()) {
      assertFalse(
          found != null && !found.equals(m.group(1)),
          "functions deploy to more than one architecture; the webhook jar carries one ACCP");
      found = m.group(1);
    }
    assertNotNull(found, "template.yaml declares no Architectures");
    return found;
  }

  private static Path lambdaJar() {
    Path jar = repoRoot().resolve("functions/webhook/target/webhook-lambda.jar");
    assertTrue(Files.isRegularFile(jar), "not packaged: " + jar);
    return jar;
  }

  private static Path repoRoot() {
    String root = System.getProperty("airlock.repo.root");
    assertNotNull(root, "system property airlock.repo.root is not set");
    return Path.of(root);
  }
}
