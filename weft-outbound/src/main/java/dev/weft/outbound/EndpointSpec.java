package dev.weft.outbound;

import java.util.List;
import java.util.Map;

/**
 * The settings of an endpoint as a caller gives them, checked by {@link OutboundWebhooks#create} and
 * {@link OutboundWebhooks#update}. For an update, a null field keeps the stored value and {@link #clear}
 * names the optional fields to remove. Immutable.
 *
 * @param url where deliveries are POSTed (http or https; checked by the egress rules)
 * @param events event types or patterns with {@code *}
 * @param filter a JSONata expression on the payload, or null
 * @param headers extra headers, or null
 * @param rateLimit deliveries per second, or null
 * @param concurrency deliveries in flight, or null
 * @param enabled whether deliveries are made, or null (true on create)
 * @param description what it is for, or null
 * @param clear for an update, the optional fields set to null by the caller: {@code description},
 *     {@code filter}, {@code headers}, {@code rateLimit}, {@code concurrency}
 */
public record EndpointSpec(String url, List<String> events, String filter, Map<String, String> headers,
        Integer rateLimit, Integer concurrency, Boolean enabled, String description, List<String> clear) {

    public EndpointSpec {
        events = events == null ? null : List.copyOf(events);
        headers = headers == null ? null : Map.copyOf(headers);
        clear = clear == null ? List.of() : List.copyOf(clear);
    }
}
