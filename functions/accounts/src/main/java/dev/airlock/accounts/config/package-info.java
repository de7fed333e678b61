/**
 * The accounts function's beans. They load only in the accounts function's own context: in AWS its
 * Lambda package holds nothing else (the property is absent and defaults to "accounts"); in the
 * local stack, where every function shares one JVM and classpath, each function's context sets
 * {@code airlock.function} to its own name so it does not also start the other functions' beans.
 *
 * <p>Ports a caller may supply itself (the audit log, the clock, the secrets source...) are
 * defaults marked {@code Secondary}: a bean the caller registers (a test's, the local stack's audit
 * log) is injected instead. Not {@code Requires(missingBeans = <own type>)}: such conditions
 * consult each other's, and with several functions' definitions in one context they recursed until
 * the stack overflowed.
 */
@Configuration
@Requires(property = "airlock.function", value = "accounts", defaultValue = "accounts")
package dev.airlock.accounts.config;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
