package dev.weft.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Decides whether an inbound delivery is genuine, by its trigger's {@code verify} settings. Thread-safe.
 */
@FunctionalInterface
public interface DeliveryCheck {

    /**
     * @param deliveryId the delivery's id when the scheme gives one, else null
     * @param refusal why it was refused, safe to send to the caller; null when accepted
     * @param secretHeaders header names (lower case) that carry secrets and must not be recorded
     * @param secretQuery query parameters that carry secrets and must not be recorded
     * @param replayKey what identifies a repeat of this delivery when it is not the id (the body of an HMAC
     *     delivery signed without a timestamp, which a replay under a new, unsigned id carries unchanged), else
     *     null
     */
    record Verdict(String deliveryId, String refusal, List<String> secretHeaders, List<String> secretQuery,
            String replayKey) {
        public Verdict(String deliveryId, String refusal, List<String> secretHeaders,
                List<String> secretQuery) {
            this(deliveryId, refusal, secretHeaders, secretQuery, null);
        }

        public boolean accepted() {
            return refusal == null;
        }

        /** The key that de-duplicates deliveries: the replay key, else the delivery id; null for neither. */
        public String deduplication() {
            return replayKey != null ? replayKey : deliveryId;
        }
    }

    /**
     * @param method the request's method
     * @param url the absolute URL the request arrived at, as this server saw it (a vendor that signs the URL,
     *     HubSpot, may have been told another one: its {@code verify.url} says which)
     */
    Verdict check(String tenant, JsonNode verify, byte[] body, Map<String, String> headers,
            Map<String, List<String>> query, String method, String url);
}
