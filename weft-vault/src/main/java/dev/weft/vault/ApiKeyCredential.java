package dev.weft.vault;

import java.util.List;
import java.util.Locale;

/**
 * An API key sent in a header or a query parameter (type {@code apiKey}). Immutable.
 *
 * @param in where the key goes
 * @param parameterName the header or query parameter name (the body's {@code name} field)
 */
public record ApiKeyCredential(String name, int version, Placement in, String parameterName, String value)
        implements
            Credential {

    /** Where an API key is sent. */
    public enum Placement {
        HEADER, QUERY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public CredentialType type() {
        return CredentialType.API_KEY;
    }

    @Override
    public List<String> secretValues() {
        return List.of(value);
    }

    @Override
    public String toString() {
        return "ApiKeyCredential[name=" + name + ", version=" + version + ", in=" + in.wireName()
                + ", parameterName=" + parameterName + ", value=" + REDACTED + "]";
    }
}
