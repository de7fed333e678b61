package dev.airlock.aws.sqs;

import dev.airlock.testkit.LocalStackAwsExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link SqsJobQueueScenarios} against LocalStack's SQS (skipped without Docker). */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(LocalStackAwsExtension.class)
class SqsJobQueueDockerIT extends SqsJobQueueScenarios {}
