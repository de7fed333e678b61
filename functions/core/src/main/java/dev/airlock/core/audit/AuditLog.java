package dev.airlock.core.audit;

/**
 * Structured audit trail: one JSON object per line (time, action, outcome, ids). Every
 * security-relevant step writes one. Implementations pass every record through {@link
 * RedactionGuard} and refuse (never write, never echo) a record that looks like it carries a token,
 * private key or card number.
 */
public interface AuditLog {

  /** Writes one record. Never throws for a refused record: it writes a refusal marker instead. */
  void record(AuditRecord record);
}
