/**
 * The accounts function: account deletion by crypto-shredding, and a tenant's audit export.
 *
 * <p>Entry points: {@link dev.airlock.accounts.AccountDeletionHandler} (the Lambda) and {@link
 * dev.airlock.accounts.config.AccountDeletions} (the plain Java API the local CLI calls). The
 * domain ({@code domain}: {@link dev.airlock.accounts.domain.AccountDeletion}, the certificate, the
 * audit trail and receipt-chain verifier) imports no AWS SDK; its ports ({@code port}) have S3 and
 * KMS adapters ({@code adapter}); {@code config} wires them.
 */
package dev.airlock.accounts;
