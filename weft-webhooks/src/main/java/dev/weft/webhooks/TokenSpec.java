package dev.weft.webhooks;

import dev.weft.webhooks.internal.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * Verification by a shared token, in a header ({@code Authorization: Bearer <token>} by default) or
 * in a query parameter. A token proves who sent a delivery, not what it contains: prefer a signature
 * scheme where the sender offers one. Immutable.
 */
public record TokenSpec(String credential, Source source, String name, String prefix,
        Optional<String> idHeader)
        implements
            VerifySpec {
    public static final String SCHEME = "token";
    public static final String DEFAULT_HEADER = "Authorization";
    /** The prefix when the token travels in {@link #DEFAULT_HEADER} and no other is written. */
    public static final String BEARER_PREFIX = "Bearer ";

    /** Where the token travels. */
    public enum Source {
        HEADER, QUERY
    }

    public TokenSpec {
        Checks.credential(credential);
        Objects.requireNonNull(source, "source");
        if (source == Source.HEADER) {
            Checks.headerName("header", name);
        } else {
            Checks.queryName(name);
        }
        Checks.prefix(prefix);
        if (source == Source.QUERY && !prefix.isEmpty()) {
            throw new IllegalArgumentException(
                    "a token in the query has no prefix, but prefix was \"" + prefix + "\"");
        }
        Objects.requireNonNull(idHeader, "idHeader");
        idHeader.ifPresent(h -> Checks.headerName("idHeader", h));
    }

    /** The default: {@code Authorization: Bearer <token>}. */
    public static TokenSpec bearer(String credential) {
        return new TokenSpec(credential, Source.HEADER, DEFAULT_HEADER, BEARER_PREFIX, Optional.empty());
    }

    /** A token in query parameter {@code name}. */
    public static TokenSpec query(String credential, String name) {
        return new TokenSpec(credential, Source.QUERY, name, "", Optional.empty());
    }

    @Override
    public String scheme() {
        return SCHEME;
    }
}
