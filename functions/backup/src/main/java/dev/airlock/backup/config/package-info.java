/**
 * The backup function's composition root. Its beans load only in the backup function's own context:
 * in AWS its Lambda package holds nothing else (the property is absent and defaults to "backup");
 * in the local stack, where every function shares one JVM, each context sets {@code
 * airlock.function}.
 *
 * <p>Ports a caller may supply itself (the audit log, the clock, the secrets source...) are
 * defaults marked {@code Secondary}: a bean the caller registers (a test's, the local stack's audit
 * log) is injected instead. Not {@code Requires(missingBeans = <own type>)}: such conditions
 * consult each other's, and with several functions' definitions in one context they recursed until
 * the stack overflowed.
 */
@Configuration
@Requires(property = "airlock.function", value = "backup", defaultValue = "backup")
package dev.airlock.backup.config;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
