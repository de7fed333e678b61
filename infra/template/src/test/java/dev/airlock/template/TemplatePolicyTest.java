package dev.airlock.template;

import static dev.airlock.template.Templates.keys;
import static dev.airlock.template.Templates.mutableList;
import static dev.airlock.template.Templates.props;
import static dev.airlock.template.Templates.statement;
import static dev.airlock.template.Templates.statementList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link TemplatePolicy} against the real templates: they keep every rule, and
 * breaking exactly one rule in memory yields exactly that violation and nothing else.
 */
class TemplatePolicyTest {

  private final TemplatePolicy policy = new TemplatePolicy();
  private Map<String, Object> template;

  @BeforeEach
  void loadTemplate() {
    template = Templates.main();
  }

  private List<String> violations() {
    return keys(policy.check(template));
  }

  @Test
  void check_shouldReportNothing_whenGivenTheProductionTemplate() {
    List<TemplatePolicy.Violation> violations = policy.check(Templates.main());

    assertEquals(List.of(), violations);
  }

  @Test
  void check_shouldReportNothing_whenGivenTheReplicaRegionTemplate() {
    List<TemplatePolicy.Violation> violations = policy.check(Templates.replica());

    assertEquals(List.of(), violations);
  }

  @Nested
  class Buckets {

    @Test
    void check_shouldReportPublicAccessBlock_whenStateBucketLosesIt() {
      props(template, "StateBucket").remove("PublicAccessBlockConfiguration");

      assertEquals(List.of("BUCKET_PUBLIC_ACCESS_BLOCK@StateBucket"), violations());
    }

    @Test
    void check_shouldReportPublicAccessBlock_whenOneSettingIsFalse() {
      Map<String, Object> pab =
          TemplatePolicy.map(props(template, "BackupBucket").get("PublicAccessBlockConfiguration"));
      pab.put("RestrictPublicBuckets", false);

      List<TemplatePolicy.Violation> found = policy.check(template);

      assertEquals(List.of("BUCKET_PUBLIC_ACCESS_BLOCK@BackupBucket"), keys(found));
      assertTrue(found.get(0).detail().contains("RestrictPublicBuckets"), found.get(0).detail());
    }

    @Test
    void check_shouldReportVersioning_whenBackupBucketIsSuspended() {
      props(template, "BackupBucket").put("VersioningConfiguration", Map.of("Status", "Suspended"));

      assertEquals(List.of("BUCKET_VERSIONING@BackupBucket"), violations());
    }

    @Test
    void check_shouldReportSseKms_whenStateBucketFallsBackToAes256() {
      Map<String, Object> byDefault =
          TemplatePolicy.map(
              TemplatePolicy.path(
                  TemplatePolicy.list(
                          TemplatePolicy.path(
                              props(template, "StateBucket"),
                              "BucketEncryption",
                              "ServerSideEncryptionConfiguration"))
                      .get(0),
                  "ServerSideEncryptionByDefault"));
      byDefault.put("SSEAlgorithm", "AES256");
      byDefault.remove("KMSMasterKeyID");

      assertEquals(List.of("BUCKET_SSE_KMS@StateBucket"), violations());
    }

    @Test
    void check_shouldReportSseKms_whenNoKeyIsNamed() {
      Map<String, Object> byDefault =
          TemplatePolicy.map(
              TemplatePolicy.path(
                  TemplatePolicy.list(
                          TemplatePolicy.path(
                              props(template, "BackupBucket"),
                              "BucketEncryption",
                              "ServerSideEncryptionConfiguration"))
                      .get(0),
                  "ServerSideEncryptionByDefault"));
      byDefault.remove("KMSMasterKeyID");

      assertEquals(List.of("BUCKET_SSE_KMS@BackupBucket"), violations());
    }

    @Test
    void check_shouldReportTlsOnly_whenTheDenyStatementIsRemoved() {
      statementList(template, "StateBucketPolicy")
          .remove(statement(template, "StateBucketPolicy", "DenyInsecureTransport"));

      assertEquals(List.of("BUCKET_TLS_ONLY@StateBucket"), violations());
    }

    @Test
    void check_shouldReportTlsOnly_whenTheDenyMissesTheObjects() {
      statement(template, "BackupBucketPolicy", "DenyInsecureTransport")
          .put("Resource", Map.of("Fn::GetAtt", List.of("BackupBucket", "Arn")));

      assertEquals(List.of("BUCKET_TLS_ONLY@BackupBucket"), violations());
    }

    @Test
    void check_shouldReportTlsOnly_whenTheConditionDeniesTlsInstead() {
      statement(template, "StateBucketPolicy", "DenyInsecureTransport")
          .put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "true")));

      assertEquals(List.of("BUCKET_TLS_ONLY@StateBucket"), violations());
    }

    @Test
    void check_shouldReportReplication_whenDeleteMarkersReplicate() {
      replicationRule().put("DeleteMarkerReplication", Map.of("Status", "Enabled"));

      assertEquals(List.of("BUCKET_REPLICATION@BackupBucket"), violations());
    }

    @Test
    void check_shouldReportReplication_whenReplicationTimeControlIsMissing() {
      TemplatePolicy.map(replicationRule().get("Destination")).remove("ReplicationTime");

      assertEquals(List.of("BUCKET_REPLICATION@BackupBucket"), violations());
    }

    private Map<String, Object> replicationRule() {
      Object replication = props(template, "BackupBucket").get("ReplicationConfiguration");
      Object configured = TemplatePolicy.branches(replication).get(0);
      return TemplatePolicy.map(
          TemplatePolicy.list(TemplatePolicy.path(configured, "Rules")).get(0));
    }
  }

  @Nested
  class Queues {

    @Test
    void check_shouldReportRedrive_whenMaxReceiveCountIsOne() {
      redrive().put("maxReceiveCount", 1);

      assertEquals(List.of("QUEUE_REDRIVE@AnalysisQueue"), violations());
    }

    @Test
    void check_shouldReportRedriveOnBothQueues_whenTheRedrivePolicyIsRemoved() {
      props(template, "AnalysisQueue").remove("RedrivePolicy");

      // Without a queue naming it as its dead-letter target, the DLQ is an ordinary queue too.
      assertEquals(
          List.of("QUEUE_REDRIVE@AnalysisQueue", "QUEUE_REDRIVE@AnalysisDLQ"), violations());
    }

    @Test
    void check_shouldReportRedriveOnTheFormerDlq_whenNoQueueTargetsItAnyMore() {
      redrive().put("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of("AnalysisQueue", "Arn")));

      assertEquals(List.of("QUEUE_REDRIVE@AnalysisDLQ"), violations());
    }

    @Test
    void check_shouldReportVisibility_whenVisibilityTimeoutIsBelowSixTimesTheConsumerTimeout() {
      props(template, "AnalysisQueue").put("VisibilityTimeout", 1799);

      List<TemplatePolicy.Violation> found = policy.check(template);

      assertEquals(List.of("QUEUE_VISIBILITY_TIMEOUT@AnalysisQueue"), keys(found));
      assertTrue(found.get(0).detail().contains("AnalyzeFunction"), found.get(0).detail());
    }

    @Test
    void check_shouldReportVisibility_whenTheConsumerTimeoutGrows() {
      props(template, "AnalyzeFunction").put("Timeout", 301);

      assertEquals(List.of("QUEUE_VISIBILITY_TIMEOUT@AnalysisQueue"), violations());
    }

    @Test
    void check_shouldReportVisibility_whenTheQueueUsesTheThirtySecondDefault() {
      props(template, "AnalysisQueue").remove("VisibilityTimeout");

      assertEquals(List.of("QUEUE_VISIBILITY_TIMEOUT@AnalysisQueue"), violations());
    }

    private Map<String, Object> redrive() {
      return TemplatePolicy.map(props(template, "AnalysisQueue").get("RedrivePolicy"));
    }
  }

  @Nested
  class Iam {

    @Test
    void check_shouldReportWildcardAction_whenAFunctionPolicyGrantsS3Star() {
      statement(template, "WebhookPolicy", "ReadWriteLookups")
          .put("Action", mutableList("s3:GetObject", "s3:*"));

      List<TemplatePolicy.Violation> found = policy.check(template);

      assertEquals(List.of("IAM_WILDCARD_ACTION@WebhookPolicy"), keys(found));
      assertTrue(found.get(0).detail().contains("s3:*"), found.get(0).detail());
    }

    @Test
    void check_shouldReportWildcardAction_whenAnActionPatternIsUsed() {
      statement(template, "BackupPolicy", "ReadStateVersions").put("Action", "s3:GetObject*");

      assertEquals(List.of("IAM_WILDCARD_ACTION@BackupPolicy"), violations());
    }

    @Test
    void check_shouldReportWildcardAction_whenARoleTrustPolicyAllowsStar() {
      Map<String, Object> trust =
          TemplatePolicy.map(
              TemplatePolicy.list(
                      TemplatePolicy.path(
                          props(template, "AccountsRole"), "AssumeRolePolicyDocument", "Statement"))
                  .get(0));
      trust.put("Action", "*");

      assertEquals(List.of("IAM_WILDCARD_ACTION@AccountsRole"), violations());
    }

    @Test
    void check_shouldReportWildcardAction_whenAKeyPolicyGivesKmsStarToAFunctionRole() {
      statement(template, "StateKey", "FunctionsReadAndWriteState").put("Action", "kms:*");

      assertEquals(List.of("IAM_WILDCARD_ACTION@StateKey"), violations());
    }

    @Test
    void check_shouldReportWildcardAction_whenAStatementUsesNotAction() {
      Map<String, Object> statement = statement(template, "AccountsPolicy", "ListStateVersions");
      statement.put("NotAction", statement.remove("Action"));

      assertEquals(List.of("IAM_WILDCARD_ACTION@AccountsPolicy"), violations());
    }

    @Test
    void check_shouldReportWildcardResource_whenSendMessageIsGrantedOnStar() {
      statement(template, "WebhookPolicy", "EnqueueAnalysisJobs").put("Resource", "*");

      assertEquals(List.of("IAM_WILDCARD_RESOURCE@WebhookPolicy"), violations());
    }

    @Test
    void check_shouldReportWildcardResource_whenPutMetricDataLosesItsNamespaceCondition() {
      statement(template, "BackupPolicy", "PublishBackupMetrics").remove("Condition");

      assertEquals(List.of("IAM_WILDCARD_RESOURCE@BackupPolicy"), violations());
    }

    @Test
    void check_shouldReportWildcardResource_whenCreateKeyIsNotNarrowedToMultiRegionKeys() {
      Map<String, Object> condition =
          TemplatePolicy.map(
              statement(template, "WebhookPolicy", "CreateTenantKeys").get("Condition"));
      condition.remove("Bool");

      assertEquals(List.of("IAM_WILDCARD_RESOURCE@WebhookPolicy"), violations());
    }

    @Test
    void check_shouldReportOpaquePolicy_whenAFunctionAddsAManagedPolicy() {
      props(template, "WebhookFunction").put("Policies", List.of("AmazonS3FullAccess"));

      assertEquals(List.of("IAM_OPAQUE_POLICY@WebhookFunction"), violations());
    }

    @Test
    void check_shouldReportWildcardAction_whenAFunctionInlinePolicyGrantsStar() {
      Map<String, Object> star = new LinkedHashMap<>();
      star.put("Effect", "Allow");
      star.put("Action", "sqs:*");
      star.put("Resource", Map.of("Fn::GetAtt", List.of("AnalysisQueue", "Arn")));
      props(template, "BillingWebhookFunction")
          .put("Policies", List.of(Map.of("Statement", List.of(star))));

      assertEquals(List.of("IAM_WILDCARD_ACTION@BillingWebhookFunction"), violations());
    }
  }

  @Nested
  class Functions {

    @Test
    void check_shouldReportLogRetention_whenTheLogGroupKeepsLogsForever() {
      props(template, "AnalyzeLogGroup").remove("RetentionInDays");

      assertEquals(List.of("FUNCTION_LOG_RETENTION@AnalyzeFunction"), violations());
    }

    @Test
    void check_shouldReportLogRetention_whenTheFunctionHasNoLogGroup() {
      props(template, "WebhookFunction").remove("LoggingConfig");
      props(template, "WebhookLogGroup").put("LogGroupName", "/aws/lambda/somebody-else");

      assertEquals(List.of("FUNCTION_LOG_RETENTION@WebhookFunction"), violations());
    }

    @Test
    void check_shouldAcceptLogGroup_whenItIsFoundByTheFunctionNameOnly() {
      props(template, "BillingWebhookFunction").remove("LoggingConfig");

      assertEquals(List.of(), violations());
    }

    @Test
    void check_shouldReportLimits_whenReservedConcurrencyIsRemoved() {
      props(template, "WebhookFunction").remove("ReservedConcurrentExecutions");

      assertEquals(List.of("FUNCTION_LIMITS@WebhookFunction"), violations());
    }

    @Test
    void check_shouldReportOwnRole_whenTwoFunctionsShareARole() {
      props(template, "BillingWebhookFunction")
          .put("Role", Map.of("Fn::GetAtt", List.of("AnalyzeRole", "Arn")));

      assertEquals(
          List.of("FUNCTION_OWN_ROLE@AnalyzeFunction", "FUNCTION_OWN_ROLE@BillingWebhookFunction"),
          violations().stream().sorted().toList());
    }

    @Test
    void check_shouldReportOwnRole_whenAFunctionFallsBackToASamGeneratedRole() {
      props(template, "AccountsFunction").remove("Role");

      assertEquals(List.of("FUNCTION_OWN_ROLE@AccountsFunction"), violations());
    }
  }

  @Nested
  class Keys {

    @Test
    void check_shouldReportRotation_whenBackupKeyRotationIsOff() {
      props(template, "BackupKey").put("EnableKeyRotation", false);

      assertEquals(List.of("KMS_KEY_ROTATION@BackupKey"), violations());
    }

    @Test
    void check_shouldReportMultiRegion_whenStateKeyIsSingleRegion() {
      props(template, "StateKey").remove("MultiRegion");

      assertEquals(List.of("KMS_KEY_MULTI_REGION@StateKey"), violations());
    }
  }

  @Nested
  class TenantKeys {

    @Test
    void check_shouldReportAliasCondition_whenTenantKeyUseLosesItsCondition() {
      statement(template, "AnalyzePolicy", "UseTenantKeys").remove("Condition");

      assertEquals(List.of("TENANT_KEY_ALIAS_CONDITION@AnalyzePolicy"), violations());
    }

    @Test
    void check_shouldReportAliasCondition_whenTheAliasPatternCoversServiceKeys() {
      Map<String, Object> condition =
          TemplatePolicy.map(
              statement(template, "BillingPolicy", "UseTenantKeys").get("Condition"));
      condition.put("ForAllValues:StringLike", Map.of("kms:ResourceAliases", "alias/airlock/*"));
      condition.put("ForAnyValue:StringLike", Map.of("kms:ResourceAliases", "alias/airlock/*"));

      assertEquals(List.of("TENANT_KEY_ALIAS_CONDITION@BillingPolicy"), violations());
    }

    @Test
    void check_shouldReportAliasCondition_whenOnlyForAllValuesGuardsKeyUse() {
      TemplatePolicy.map(statement(template, "AccountsPolicy", "ShredTenantKeys").get("Condition"))
          .remove("ForAnyValue:StringLike");

      assertEquals(List.of("TENANT_KEY_ALIAS_CONDITION@AccountsPolicy"), violations());
    }

    @Test
    void check_shouldReportAliasCondition_whenAliasesCanBeCreatedOutsideTheTenantPrefix() {
      statement(template, "WebhookPolicy", "NameTenantKeys")
          .put(
              "Resource",
              Map.of(
                  "Fn::Sub", "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/*"));

      assertEquals(List.of("TENANT_KEY_ALIAS_CONDITION@WebhookPolicy"), violations());
    }

    @Test
    void check_shouldReportActions_whenAnalyzeMayCreateGrantsOnTenantKeys() {
      statement(template, "AnalyzePolicy", "UseTenantKeys")
          .put("Action", mutableList("kms:GenerateDataKey", "kms:Decrypt", "kms:CreateGrant"));

      List<TemplatePolicy.Violation> found = policy.check(template);

      assertEquals(List.of("TENANT_KEY_ACTIONS@AnalyzePolicy"), keys(found));
      assertTrue(found.get(0).detail().contains("kms:CreateGrant"), found.get(0).detail());
    }

    @Test
    void check_shouldReportActions_whenAccountsMayReEnableAShreddedKey() {
      statement(template, "AccountsPolicy", "ShredTenantKeys")
          .put("Action", mutableList("kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:EnableKey"));

      assertEquals(List.of("TENANT_KEY_ACTIONS@AccountsPolicy"), violations());
    }
  }
}
