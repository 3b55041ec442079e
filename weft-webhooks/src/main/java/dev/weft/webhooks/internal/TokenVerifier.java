package dev.weft.webhooks.internal;

import dev.weft.webhooks.Delivery;
import dev.weft.webhooks.TokenSpec;
import dev.weft.webhooks.Verdict;
import dev.weft.webhooks.Verdict.Accepted;
import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import dev.weft.webhooks.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Verifies a shared token in a header or a query parameter. Thread-safe. */
public final class TokenVerifier implements WebhookVerifier {
    private final TokenSpec spec;

    public TokenVerifier(TokenSpec spec) {
        this.spec = spec;
    }

    @Override
    public Verdict verify(Delivery delivery, List<byte[]> secrets) {
        Crypto.requireSome(secrets);
        boolean inQuery = spec.source() == TokenSpec.Source.QUERY;
        String where = (inQuery ? "query parameter " : "header ") + spec.name();
        List<String> values = inQuery ? delivery.queryValues(spec.name()) : delivery.headers(spec.name());
        if (values.isEmpty()) {
            return new Refused(Reason.TOKEN_MISSING, "missing " + where);
        }
        Optional<Refused> badId = spec.idHeader().flatMap(h -> Refusals.id(h, delivery.headers(h)));
        if (badId.isPresent()) {
            return badId.get();
        }
        if (secrets.stream().anyMatch(s -> s.length == 0)) {
            return Refusals.SECRET_UNUSABLE; // an empty token must never match an empty header
        }
        Optional<String> value = Refusals.single(values);
        String prefix = spec.prefix();
        if (value.isEmpty() || !value.get().regionMatches(true, 0, prefix, 0, prefix.length())) {
            return new Refused(Reason.TOKEN_INVALID, where + " must be one value"
                    + (prefix.isEmpty() ? "" : " of the form '" + prefix + "<token>'"));
        }
        byte[] presented = value.get().substring(prefix.length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean matches = false;
        for (byte[] secret : secrets) {
            matches |= Crypto.sameToken(presented, secret); // no early exit: every secret costs the same
        }
        return matches
                ? new Accepted(spec.idHeader().map(h -> delivery.headers(h).getFirst()))
                : new Refused(Reason.TOKEN_INVALID, "the token in " + where + " is not valid");
    }
}
