package dev.airlock.aws.s3;

import dev.airlock.testkit.LocalAwsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link S3StateStoreScenarios} against S3Mock (child process, real socket) from the testkit. */
@ExtendWith(LocalAwsExtension.class)
class S3StateStoreIT extends S3StateStoreScenarios {}
