package dev.weft.connector.openapi;

import dev.weft.connector.CredentialType;

/**
 * A security scheme of a document and the vault credential type that satisfies it. The gateway applies the
 * credential to every request; the connector never sees a secret. Immutable.
 *
 * @param kind the scheme as the document says it: {@code apiKey in header 'api_key'}, {@code http bearer}
 * @param credentialType the vault credential type to use, or null when none fits
 * @param how how to fill the credential in, or why no credential type fits
 */
public record SecurityScheme(String name, String kind, CredentialType credentialType, String how) {
}
