package dev.airlock.emulators.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CredentialScopeTest {

  private static final String HEADER =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20300101/us-west-2/kms/aws4_request,"
          + " SignedHeaders=host;x-amz-date;x-amz-target,"
          + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

  private static String code(String header) {
    return assertThrows(KmsError.class, () -> CredentialScope.parse(header)).code();
  }

  @Test
  void parse_shouldReadTheRegionFromTheCredentialScope() {
    CredentialScope scope = CredentialScope.parse(HEADER);

    assertEquals("us-west-2", scope.region());
    assertEquals("kms", scope.service());
    assertEquals("20300101", scope.date());
  }

  @Test
  void parse_shouldAcceptThreePartRegions() {
    assertEquals(
        "us-gov-west-1",
        CredentialScope.parse(HEADER.replace("us-west-2", "us-gov-west-1")).region());
  }

  @Test
  void parse_shouldRefuseWithMissingAuthenticationToken_whenTheHeaderIsAbsent() {
    assertEquals(KmsError.MISSING_AUTHENTICATION_TOKEN, code(null));
    assertEquals(KmsError.MISSING_AUTHENTICATION_TOKEN, code("  "));
  }

  @Test
  void parse_shouldRefuseAsIncomplete_whenTheHeaderIsNotACompleteSigV4Header() {
    assertEquals(KmsError.INCOMPLETE_SIGNATURE, code("Bearer token"));
    assertEquals(KmsError.INCOMPLETE_SIGNATURE, code(HEADER.replace("Signature=", "Sig=")));
    assertEquals(KmsError.INCOMPLETE_SIGNATURE, code(HEADER.replace("SignedHeaders=", "X=")));
    assertEquals(KmsError.INCOMPLETE_SIGNATURE, code(HEADER.replace("/us-west-2/", "/Mars/")));
    assertEquals(KmsError.INCOMPLETE_SIGNATURE, code(HEADER.replace("20300101", "2030")));
    assertEquals(KmsError.INCOMPLETE_SIGNATURE, code(HEADER.replace("aws4_request", "x")));
  }

  @Test
  void parse_shouldRefuseAsInvalidSignature_whenScopedToAnotherService() {
    assertEquals(KmsError.INVALID_SIGNATURE, code(HEADER.replace("/kms/", "/sqs/")));
  }

  @Test
  void toString_shouldNotShowTheAccessKeyId() {
    assertFalse(CredentialScope.parse(HEADER).toString().contains("AKIDEXAMPLE"));
  }
}
