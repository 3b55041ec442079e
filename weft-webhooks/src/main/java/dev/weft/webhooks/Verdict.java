package dev.weft.webhooks;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a delivery is authentic. A refusal carries a stable reason code and a message that is safe
 * to return to the caller: it names headers and limits, never a secret, an expected signature or a
 * value the caller sent. Immutable.
 */
public sealed interface Verdict {

    boolean accepted();

    /**
     * The delivery is authentic. {@code deliveryId} is the sender's id for it when the scheme gives one
     * ({@code webhook-id}, or the configured {@code idHeader}), for idempotency.
     */
    record Accepted(Optional<String> deliveryId) implements Verdict {
        public Accepted {
            Objects.requireNonNull(deliveryId, "deliveryId");
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** The delivery is not accepted, for {@code reason}. */
    record Refused(Reason reason, String message) implements Verdict {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }

    /**
     * Why a delivery was refused. Every reason but {@link #SECRET_UNUSABLE} is the caller's fault (a
     * 401); that one is the receiver's configuration (a 500, and an operator should be told).
     */
    enum Reason {
        /** No signature header at all. */
        SIGNATURE_MISSING("signature.missing"),
        /** A signature is present but none matches the body under any current secret. */
        SIGNATURE_INVALID("signature.invalid"), TIMESTAMP_MISSING("timestamp.missing"),
        /** The timestamp is not a whole number of seconds since the epoch, or the header repeats. */
        TIMESTAMP_INVALID("timestamp.invalid"),
        /** Older than the tolerance: possibly a replay. */
        TIMESTAMP_STALE("timestamp.stale"),
        /** Further ahead than the tolerance. */
        TIMESTAMP_FUTURE("timestamp.future"), ID_MISSING("id.missing"),
        /** Empty, too long, repeated or not printable ASCII. */
        ID_INVALID("id.invalid"), TOKEN_MISSING("token.missing"), TOKEN_INVALID("token.invalid"),
        /** The receiver's secret cannot be used (empty, or not a Standard Webhooks secret). */
        SECRET_UNUSABLE("secret.unusable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable code, such as {@code signature.invalid}. */
        public String code() {
            return code;
        }
    }
}
