package dev.airlock.backup.adapter;

import dev.airlock.backup.port.BackupStoreException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps SDK failures to {@link BackupStoreException}s that name the operation and error code only.
 */
final class S3Errors {
  private S3Errors() {}

  static BackupStoreException failure(String operation, SdkException e) {
    return new BackupStoreException("could not " + operation + ": " + code(e), e);
  }

  static String code(SdkException e) {
    if (e instanceof AwsServiceException se
        && se.awsErrorDetails() != null
        && se.awsErrorDetails().errorCode() != null) {
      return se.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }

  static boolean notFound(SdkException e) {
    return e instanceof AwsServiceException se && se.statusCode() == 404;
  }

  static boolean preconditionFailed(SdkException e) {
    return e instanceof AwsServiceException se
        && (se.statusCode() == 412 || se.statusCode() == 409);
  }
}
