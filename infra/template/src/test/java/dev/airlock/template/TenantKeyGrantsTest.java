package dev.airlock.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Per function, which KMS actions its role may use on tenant keys (every key, {@code key/*}, or a
 * tenant alias, narrowed by the alias conditions that {@link TemplatePolicy} checks): exactly what
 * the function's code does, and nothing another function needs. {@link TemplatePolicy} only knows
 * the union of all tenant-key actions; this test pins each role to its own.
 */
class TenantKeyGrantsTest {

  /** What each function does with tenant keys. */
  static final Map<String, Set<String>> EXPECTED =
      Map.of(
          // Creates an account's key (KmsTenantKeys) and seals its profile under it.
          "WebhookPolicy",
          Set.of(
              "kms:CreateKey",
              "kms:TagResource",
              "kms:CreateAlias",
              "kms:DescribeKey",
              "kms:EnableKeyRotation",
              "kms:ReplicateKey",
              "kms:GenerateDataKey"),
          // Seals results, runs and receipts, reads its own run records back, and opens the
          // billing document (sealed by billing) to check the entitlement.
          "AnalyzePolicy",
          Set.of("kms:GenerateDataKey", "kms:Decrypt"),
          "AnalyzeVpcPolicy",
          Set.of(),
          // Reads and replaces the billing document; reads the profile (delete-on-cancel).
          "BillingPolicy",
          Set.of("kms:GenerateDataKey", "kms:Decrypt"),
          // Snapshots copy tenant envelopes as they are; no tenant key is ever used.
          "BackupPolicy",
          Set.of(),
          "RestoreDrillPolicy",
          Set.of(),
          // Crypto-shredding (both deletion functions): find, disable, schedule deletion. Never
          // decrypt, never re-enable.
          "AccountsPolicy",
          Set.of("kms:DescribeKey", "kms:DisableKey", "kms:ScheduleKeyDeletion"),
          "AccountsLogsPolicy",
          Set.of(),
          // Only consumes the queue; deletion's key actions come from AccountsPolicy.
          "AccountDeletionQueuePolicy",
          Set.of());

  /** The tenant-key KMS actions each function policy grants. */
  static Map<String, Set<String>> tenantKeyActions(Map<String, Object> template) {
    Map<String, Object> resources = TemplatePolicy.map(template.get("Resources"));
    Map<String, Set<String>> found = new TreeMap<>();
    for (Map.Entry<String, Object> e : resources.entrySet()) {
      Map<String, Object> resource = TemplatePolicy.map(e.getValue());
      if (!"AWS::IAM::Policy".equals(resource.get("Type"))) {
        continue;
      }
      Set<String> actions = new TreeSet<>();
      for (Object element : Templates.statementList(template, e.getKey())) {
        for (Object branch : TemplatePolicy.branches(element)) {
          Map<String, Object> statement = TemplatePolicy.map(branch);
          if (statement == null || !"Allow".equals(statement.get("Effect"))) {
            continue;
          }
          if (onTenantKeys(statement)) {
            for (String action : actions(statement)) {
              if (action.startsWith("kms:")) {
                actions.add(action);
              }
            }
          }
        }
      }
      found.put(e.getKey(), actions);
    }
    return found;
  }

  /** A statement on every key ({@code key/*}), on aliases, or on {@code *} (CreateKey). */
  private static boolean onTenantKeys(Map<String, Object> statement) {
    for (String resource : resources(statement)) {
      if (resource.equals("*")
          || (resource.contains(":kms:")
              && (resource.endsWith(":key/*") || resource.contains(":alias/")))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> resources(Map<String, Object> statement) {
    List<String> out = new ArrayList<>();
    Object r = statement.get("Resource");
    if (r == null) {
      return out;
    }
    for (Object element : r instanceof List<?> l ? l : List.of(r)) {
      for (Object branch : TemplatePolicy.branches(element)) {
        String rendered = TemplatePolicy.render(branch);
        if (rendered != null) {
          out.add(rendered);
        }
      }
    }
    return out;
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object a = statement.get("Action");
    List<String> out = new ArrayList<>();
    for (Object element : a instanceof List<?> l ? l : List.of(a)) {
      if (element instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  @Test
  void functionRoles_shouldUseTenantKeysOnlyForWhatTheirCodeDoes_whenGivenTheProductionTemplate() {
    Map<String, Set<String>> found = tenantKeyActions(Templates.main());

    Map<String, Set<String>> functionPolicies = new LinkedHashMap<>();
    for (String policy : EXPECTED.keySet()) {
      assertTrue(found.containsKey(policy), "template has no " + policy);
      functionPolicies.put(policy, found.get(policy));
    }
    assertEquals(new TreeMap<>(EXPECTED), new TreeMap<>(functionPolicies));
    // Every other identity policy (S3 replication) has no tenant-key statement at all.
    found.keySet().stream()
        .filter(p -> !EXPECTED.containsKey(p))
        .forEach(p -> assertEquals(Set.of(), found.get(p), p));
  }

  @Test
  void functionRoles_shouldBeReportedPerFunction_whenAnActionMovesToTheWrongRole() {
    // kms:Decrypt is a tenant-key action some function needs, so the union check lets it pass;
    // the per-function check does not: the accounts function must never read tenant data.
    Map<String, Object> template = Templates.main();
    Templates.statement(template, "AccountsPolicy", "ShredTenantKeys")
        .put(
            "Action",
            Templates.mutableList("kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:Decrypt"));

    assertEquals(List.of(), Templates.keys(new TemplatePolicy().check(template)));
    Set<String> accounts = tenantKeyActions(template).get("AccountsPolicy");
    assertTrue(accounts.contains("kms:Decrypt"));
    assertFalse(EXPECTED.get("AccountsPolicy").contains("kms:Decrypt"));
  }
}
