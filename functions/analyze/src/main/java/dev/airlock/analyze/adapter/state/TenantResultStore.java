package dev.airlock.analyze.adapter.state;

import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.analyze.port.ResultStore;
import dev.airlock.core.state.WriteResult;
import dev.airlock.core.tenant.TenantDocuments;
import java.util.Optional;

/**
 * {@link ResultStore} on {@link TenantDocuments}: run records (kind {@code run}) and SARIF results
 * (kind {@code result}), each sealed under the account's key with an encryption context naming
 * account, kind and object key, and stored with SSE-KMS by the state store.
 */
public final class TenantResultStore implements ResultStore {
  static final String RUN = "run";
  static final String RESULT = "result";

  private final TenantDocuments documents;
  private final JsonCodec json;

  public TenantResultStore(TenantDocuments documents, JsonCodec json) {
    this.documents = documents;
    this.json = json;
  }

  @Override
  public Optional<StoredRun> findRun(String accountId, String key) {
    return documents
        .read(accountId, RUN, key)
        .map(d -> new StoredRun(RunRecord.fromJson(json.read(d.plaintext())), d.etag()));
  }

  @Override
  public Optional<String> createRun(String accountId, String key, RunRecord record) {
    return etag(documents.create(accountId, RUN, key, json.write(record.toJson())));
  }

  @Override
  public Optional<String> replaceRun(String accountId, String key, RunRecord record, String etag) {
    return etag(documents.replace(accountId, RUN, key, json.write(record.toJson()), etag));
  }

  @Override
  public boolean storeResult(String accountId, String key, byte[] sarif) {
    return documents.create(accountId, RESULT, key, sarif).written();
  }

  @Override
  public Optional<byte[]> readResult(String accountId, String key) {
    return documents.read(accountId, RESULT, key).map(TenantDocuments.Doc::plaintext);
  }

  private static Optional<String> etag(WriteResult r) {
    return r instanceof WriteResult.Written w ? Optional.of(w.etag()) : Optional.empty();
  }
}
