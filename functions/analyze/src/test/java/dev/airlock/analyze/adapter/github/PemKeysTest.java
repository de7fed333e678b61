package dev.airlock.analyze.adapter.github;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PemKeysTest {
  private static KeyPair pair;

  @BeforeAll
  static void generate() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    pair = g.generateKeyPair();
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /** The PKCS#1 RSAPrivateKey inside the JDK's PKCS#8 encoding (the OCTET STRING's content). */
  private static byte[] pkcs1Of(byte[] pkcs8) {
    int i = 0;
    i += 1 + lengthBytes(pkcs8, i + 1); // SEQUENCE header
    i += 3; // INTEGER 0
    i += 2 + (pkcs8[i + 1] & 0xff); // AlgorithmIdentifier
    int len = length(pkcs8, i + 1);
    int header = 1 + lengthBytes(pkcs8, i + 1);
    return Arrays.copyOfRange(pkcs8, i + header, i + header + len);
  }

  private static int lengthBytes(byte[] b, int at) {
    return (b[at] & 0x80) == 0 ? 1 : 1 + (b[at] & 0x7f);
  }

  private static int length(byte[] b, int at) {
    if ((b[at] & 0x80) == 0) {
      return b[at];
    }
    int n = 0;
    for (int k = 1; k <= (b[at] & 0x7f); k++) {
      n = (n << 8) | (b[at + k] & 0xff);
    }
    return n;
  }

  @Test
  void parseRsaPrivateKey_shouldReadPkcs8AndGitHubsPkcs1Pem_asTheSameKey() {
    byte[] pkcs8 = pair.getPrivate().getEncoded();

    RSAPrivateKey fromPkcs8 = PemKeys.parseRsaPrivateKey(pem("PRIVATE KEY", pkcs8));
    RSAPrivateKey fromPkcs1 = PemKeys.parseRsaPrivateKey(pem("RSA PRIVATE KEY", pkcs1Of(pkcs8)));

    assertArrayEquals(pkcs8, fromPkcs8.getEncoded());
    assertArrayEquals(pkcs8, fromPkcs1.getEncoded());
  }

  @Test
  void parseRsaPrivateKey_shouldFailWithoutQuotingTheKey_whenThePemIsBroken() {
    String broken = pem("PRIVATE KEY", new byte[] {1, 2, 3});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PemKeys.parseRsaPrivateKey(broken));
    assertFalse(e.getMessage().contains("AQID"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PemKeys.parseRsaPrivateKey(
                "-----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----"));
    assertThrows(IllegalArgumentException.class, () -> PemKeys.parseRsaPrivateKey(null));
  }

  @Test
  void sign_shouldMakeAnRs256JwtIssuedAMinuteAgoAndValidNineMinutes() throws Exception {
    Instant now = Instant.parse("2026-05-01T12:00:00Z");

    String jwt = AppJwt.sign(pair.getPrivate(), 12345, now);

    String[] parts = jwt.split("\\.");
    assertEquals(3, parts.length);
    SerdeJsonCodec json = SerdeJsonCodec.createDefault();
    assertEquals(
        Map.of("alg", "RS256", "typ", "JWT"), json.read(Base64.getUrlDecoder().decode(parts[0])));
    Map<?, ?> claims = (Map<?, ?>) json.read(Base64.getUrlDecoder().decode(parts[1]));
    assertEquals(now.getEpochSecond() - 60, claims.get("iat"));
    assertEquals(now.getEpochSecond() + 540, claims.get("exp"));
    assertTrue(
        (Long) claims.get("exp") - (Long) claims.get("iat") <= 600, "GitHub's ten-minute maximum");
    assertEquals("12345", claims.get("iss"));
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(pair.getPublic());
    v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(v.verify(Base64.getUrlDecoder().decode(parts[2])));
  }
}
