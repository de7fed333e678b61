package dev.airlock.emulators.kms;

/**
 * A KMS error as the wire protocol reports it: HTTP status and {@code __type} code. The message is
 * sent to the client, so it names keys and aliases at most, never key material, plaintext,
 * ciphertext or encryption context values.
 */
final class KmsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String NOT_FOUND = "NotFoundException";
  static final String DISABLED = "DisabledException";
  static final String INVALID_STATE = "KMSInvalidStateException";
  static final String INVALID_CIPHERTEXT = "InvalidCiphertextException";
  static final String INCORRECT_KEY = "IncorrectKeyException";
  static final String ALREADY_EXISTS = "AlreadyExistsException";
  static final String VALIDATION = "ValidationException";
  static final String INVALID_ALIAS_NAME = "InvalidAliasNameException";
  static final String INVALID_ARN = "InvalidArnException";
  static final String UNSUPPORTED_OPERATION = "UnsupportedOperationException";
  static final String INVALID_KEY_USAGE = "InvalidKeyUsageException";
  static final String INVALID_MARKER = "InvalidMarkerException";
  static final String TAG = "TagException";
  static final String DRY_RUN = "DryRunOperationException";
  static final String SERIALIZATION = "SerializationException";
  static final String UNKNOWN_OPERATION = "UnknownOperationException";
  static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
  static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
  static final String INVALID_SIGNATURE = "InvalidSignatureException";
  static final String INTERNAL = "KMSInternalException";

  private final String code;
  private final int httpStatus;

  KmsError(String code, String message) {
    this(code, message, 400);
  }

  KmsError(String code, String message, int httpStatus) {
    // No stack trace: these are expected protocol outcomes, not bugs.
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  String code() {
    return code;
  }

  int httpStatus() {
    return httpStatus;
  }

  static KmsError notFound(String message) {
    return new KmsError(NOT_FOUND, message);
  }

  static KmsError validation(String message) {
    return new KmsError(VALIDATION, message);
  }

  static KmsError invalidCiphertext() {
    return new KmsError(INVALID_CIPHERTEXT, "The ciphertext or its encryption context is invalid.");
  }

  static KmsError serialization(String message) {
    return new KmsError(SERIALIZATION, message);
  }
}
