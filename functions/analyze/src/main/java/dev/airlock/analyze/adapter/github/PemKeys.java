package dev.airlock.analyze.adapter.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads an RSA private key from PEM with the JDK alone: PKCS#8 ({@code BEGIN PRIVATE KEY}) or
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, the form GitHub hands out for App keys), which is wrapped
 * into a PKCS#8 structure first. Failures never include key material.
 */
public final class PemKeys {
  /** AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private PemKeys() {}

  /**
   * @throws IllegalArgumentException if the text is not a PEM RSA private key
   */
  public static RSAPrivateKey parseRsaPrivateKey(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("no private key");
    }
    String text = pem.strip();
    byte[] der;
    if (text.startsWith("-----BEGIN PRIVATE KEY-----")) {
      der = body(text, "PRIVATE KEY");
    } else if (text.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
      der = pkcs1ToPkcs8(body(text, "RSA PRIVATE KEY"));
    } else {
      throw new IllegalArgumentException("private key is not PEM PKCS#8 or PKCS#1");
    }
    try {
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      return (RSAPrivateKey) key;
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("private key is not a valid RSA key");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static byte[] body(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from != 0 || to < 0) {
      throw new IllegalArgumentException("private key PEM is malformed");
    }
    String base64 = pem.substring(begin.length(), to).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("private key PEM is malformed");
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    inner.writeBytes(new byte[] {0x02, 0x01, 0x00});
    inner.writeBytes(RSA_ALGORITHM);
    inner.write(0x04);
    inner.writeBytes(length(pkcs1.length));
    inner.writeBytes(pkcs1);
    byte[] content = inner.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(content.length));
    out.writeBytes(content);
    Arrays.fill(content, (byte) 0);
    return out.toByteArray();
  }

  /** DER definite length. */
  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }
}
