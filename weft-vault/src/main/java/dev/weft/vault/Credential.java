package dev.weft.vault;

import java.util.List;

/**
 * A decrypted credential, for the gateway's credential injection and webhook signature checks only:
 * never put one into expression scope, step outputs, logs or errors. {@code toString()} redacts every
 * secret. Immutable.
 */
public sealed interface Credential permits SecretCredential, BasicCredential, BearerCredential,
        ApiKeyCredential, OAuth2ClientCredentials, OAuth2RefreshToken, HmacCredential {

    /** What {@code toString()} shows instead of a secret value. */
    String REDACTED = "***";

    /** The credential's name in its tenant. */
    String name();

    int version();

    CredentialType type();

    /** The secret field values, so that callers can redact them from logs, errors and outputs. */
    List<String> secretValues();
}
