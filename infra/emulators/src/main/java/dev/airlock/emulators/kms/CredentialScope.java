package dev.airlock.emulators.kms;

import java.util.regex.Pattern;

/**
 * The credential scope of a SigV4 {@code Authorization} header ({@code
 * Credential=AKID/yyyymmdd/region/service/aws4_request}). The local stand-in reads the region from
 * it, as KMS serves one region per endpoint while this server serves every region; the signature
 * itself is not verified.
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Pattern REGION = Pattern.compile("^([a-z]+-){2,3}\\d+$");
  private static final Pattern DATE = Pattern.compile("^\\d{8}$");

  /**
   * Parses the header value.
   *
   * @throws KmsError {@code MissingAuthenticationTokenException} if absent, {@code
   *     IncompleteSignatureException} if not a complete SigV4 header, {@code
   *     InvalidSignatureException} if scoped to another service
   */
  static CredentialScope parse(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new KmsError(KmsError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }
    String value = authorization.strip();
    if (!value.startsWith(ALGORITHM + " ")) {
      throw incomplete("Authorization header must use the " + ALGORITHM + " algorithm.");
    }
    String credential = null;
    boolean signedHeaders = false;
    boolean signature = false;
    for (String part : value.substring(ALGORITHM.length()).split(",")) {
      String p = part.strip();
      if (p.startsWith("Credential=")) {
        credential = p.substring("Credential=".length());
      } else if (p.startsWith("SignedHeaders=") && p.length() > "SignedHeaders=".length()) {
        signedHeaders = true;
      } else if (p.startsWith("Signature=") && p.length() > "Signature=".length()) {
        signature = true;
      }
    }
    if (credential == null || !signedHeaders || !signature) {
      throw incomplete(
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
    }
    String[] scope = credential.split("/", -1);
    if (scope.length != 5
        || scope[0].isEmpty()
        || !DATE.matcher(scope[1]).matches()
        || !REGION.matcher(scope[2]).matches()
        || !"aws4_request".equals(scope[4])) {
      throw incomplete(
          "Credential must have the form <access key>/<yyyymmdd>/<region>/kms/aws4_request.");
    }
    if (!"kms".equals(scope[3])) {
      throw new KmsError(
          KmsError.INVALID_SIGNATURE, "Credential should be scoped to correct service: 'kms'.");
    }
    return new CredentialScope(scope[0], scope[1], scope[2], scope[3]);
  }

  private static KmsError incomplete(String message) {
    return new KmsError(KmsError.INCOMPLETE_SIGNATURE, message);
  }

  @Override
  public String toString() {
    // The access key id is an identifier, not a secret, but it has no business in logs either.
    return "CredentialScope[region=" + region + ", service=" + service + "]";
  }
}
