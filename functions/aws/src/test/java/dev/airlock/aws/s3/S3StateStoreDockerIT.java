package dev.airlock.aws.s3;

import dev.airlock.testkit.LocalStackAwsExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link S3StateStoreScenarios} against LocalStack's S3 (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(LocalStackAwsExtension.class)
class S3StateStoreDockerIT extends S3StateStoreScenarios {}
