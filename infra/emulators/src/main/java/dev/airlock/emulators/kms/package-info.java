/**
 * Airlock's local KMS endpoint: a small server speaking the real KMS JSON 1.1 protocol ({@code
 * TrentService.*}), so the unmodified AWS SDK v2 {@code KmsClient} and the AWS CLI work against it.
 *
 * <p><b>Why Airlock writes its own.</b> Crypto-shredding (account deletion) and cross-region
 * restore depend on KMS refusing to use a key that is disabled or pending deletion, and on a
 * multi-region replica decrypting what its primary encrypted. No installable emulator does both:
 * moto's KMS still decrypts with a disabled or deletion-pending key and cannot decrypt
 * multi-region-key ciphertext, so tests against it would pass while the shredding they claim to
 * prove did not happen. This stand-in enforces the KMS key-state rules (including {@code
 * PendingReplicaDeletion} and the deletion waiting period) and uses real AES-256-GCM, with the key
 * id and the encryption context bound as additional authenticated data.
 *
 * <p><b>What it is not.</b> It is a local development and test stand-in, never a key manager: SigV4
 * signatures are parsed for their credential scope (to learn the region) but not verified, key
 * policies and grants are not evaluated, and a configured state file holds key material in
 * plaintext. It binds to the loopback interface only. Ciphertext blobs use this stand-in's own
 * self-describing format, which real KMS cannot read (and vice versa).
 *
 * <p>Entry point: {@link dev.airlock.emulators.kms.LocalKmsServer#start(LocalKmsConfig)}.
 */
package dev.airlock.emulators.kms;
