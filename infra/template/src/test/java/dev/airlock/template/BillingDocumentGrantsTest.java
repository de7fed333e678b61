package dev.airlock.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Who may touch an account's billing document ({@code tenants/<account>/billing.json}): the billing
 * function reads and replaces it; the analyze function only reads it, to apply the entitlement rule
 * (private repositories need an {@code active} or {@code trialing} subscription) before it mints a
 * token. Computed from every Allow statement whose resource pattern covers the document, so a wider
 * wildcard granted elsewhere counts too.
 */
class BillingDocumentGrantsTest {
  private static final String BILLING_DOCUMENT = "${StateBucket.Arn}/tenants/acct-1/billing.json";

  /** The S3 object actions {@code policy} grants on the billing document. */
  static Set<String> s3ActionsOnBillingDocument(Map<String, Object> template, String policy) {
    Set<String> actions = new TreeSet<>();
    for (Object element : Templates.statementList(template, policy)) {
      for (Object branch : TemplatePolicy.branches(element)) {
        Map<String, Object> statement = TemplatePolicy.map(branch);
        if (statement == null || !"Allow".equals(statement.get("Effect"))) {
          continue;
        }
        boolean covers =
            strings(statement.get("Resource")).stream()
                .anyMatch(r -> glob(r).matcher(BILLING_DOCUMENT).matches());
        if (covers) {
          strings(statement.get("Action")).stream()
              .filter(a -> a.startsWith("s3:"))
              .forEach(actions::add);
        }
      }
    }
    return actions;
  }

  /** IAM resource wildcards: {@code *} and {@code ?} match any characters, slashes included. */
  private static Pattern glob(String resource) {
    StringBuilder regex = new StringBuilder();
    for (char c : resource.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    for (Object element :
        value instanceof List<?> l ? l : value == null ? List.of() : List.of(value)) {
      for (Object branch : TemplatePolicy.branches(element)) {
        String rendered = TemplatePolicy.render(branch);
        if (rendered != null) {
          out.add(rendered);
        }
      }
    }
    return out;
  }

  @Test
  void analyzePolicy_shouldOnlyReadTheBillingDocument_whenGivenTheProductionTemplate() {
    Map<String, Object> template = Templates.main();

    assertEquals(Set.of("s3:GetObject"), s3ActionsOnBillingDocument(template, "AnalyzePolicy"));
    assertEquals(
        "${StateBucket.Arn}/tenants/*/billing.json",
        TemplatePolicy.render(
            Templates.statement(template, "AnalyzePolicy", "ReadBillingForEntitlement")
                .get("Resource")));
  }

  @Test
  void billingPolicy_shouldReadAndReplaceTheBillingDocument_whenGivenTheProductionTemplate() {
    assertEquals(
        Set.of("s3:GetObject", "s3:PutObject"),
        s3ActionsOnBillingDocument(Templates.main(), "BillingPolicy"));
  }

  @Test
  void s3ActionsOnBillingDocument_shouldIncludeAWrite_whenTheEntitlementStatementGainsPutObject() {
    Map<String, Object> template = Templates.main();
    Templates.statement(template, "AnalyzePolicy", "ReadBillingForEntitlement")
        .put("Action", Templates.mutableList("s3:GetObject", "s3:PutObject"));

    assertEquals(
        Set.of("s3:GetObject", "s3:PutObject"),
        s3ActionsOnBillingDocument(template, "AnalyzePolicy"));
  }

  @Test
  void s3ActionsOnBillingDocument_shouldCountAWiderWildcard_whenResultsCoverAllTenantObjects() {
    Map<String, Object> template = Templates.main();
    Templates.statement(template, "AnalyzePolicy", "ReadWriteTenantResults")
        .put("Resource", Map.of("Fn::Sub", "${StateBucket.Arn}/tenants/*"));

    assertEquals(
        Set.of("s3:GetObject", "s3:PutObject"),
        s3ActionsOnBillingDocument(template, "AnalyzePolicy"));
  }
}
