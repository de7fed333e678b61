package dev.airlock.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.message.Provider;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.domain.AccountDirectory;
import dev.airlock.webhook.domain.Enrollment;
import dev.airlock.webhook.domain.EnrollmentService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code enroll}: the operator enrolls a GitLab or Bitbucket repository (hosts without App
 * installations) into an account, writing the same lookup record the AWS deployment uses and
 * creating the account (its profile, sealed under its own new tenant key) if needed. Runs the
 * webhook function's own domain code, assembled as its composition root assembles it, against the
 * running stack named by the endpoints file.
 */
final class Enroll {
  private Enroll() {}

  static int run(Args a, PrintStream out, PrintStream err) {
    Endpoints e = Endpoints.read(Path.of(a.required("endpoints-file")));
    Provider provider;
    try {
      provider = Provider.fromWire(a.required("provider"));
    } catch (IllegalArgumentException bad) {
      throw new Args.UsageException("--provider must be gitlab or bitbucket");
    }
    if (provider == Provider.GITHUB) {
      throw new Args.UsageException("GitHub repositories are enrolled by installing the App");
    }
    String repository = a.required("repository");
    String account = a.required("account");
    try (S3Client s3 = e.s3();
        KmsClient kms = e.kms();
        KmsClient kmsReplica = e.kmsReplica()) {
      SerdeJsonCodec json = SerdeJsonCodec.createDefault();
      GuardedStateStore store =
          new GuardedStateStore(
              new S3StateStore(s3, e.bucket("StateBucket"), e.keyId("StateKey")), e.auditLog());
      TenantDocuments documents =
          new TenantDocuments(
              store,
              new TenantVault(
                  new KmsDataKeyProvider(kms),
                  new KmsTenantKeys(kms, kmsReplica, e.replicaRegion())));
      AccountDirectory accounts =
          new AccountDirectory(store, documents, new DeletedAccounts(store), json);
      Enrollment enrolled =
          new EnrollmentService(store, json, accounts, Clock.systemUTC())
              .enroll(provider, repository, account, a.opt("clone-url").orElse(null));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("enrolled", true);
      result.put("provider", provider.wireName());
      result.put("repository", enrolled.repository());
      result.put("account", enrolled.accountId());
      out.println(new ObjectMapper().writeValueAsString(result));
      return 0;
    } catch (IllegalArgumentException bad) {
      err.println("enroll refused: " + bad.getMessage());
      return 1;
    } catch (Exception failed) {
      err.println("enroll failed: " + Errors.describe(failed));
      return 1;
    }
  }
}
