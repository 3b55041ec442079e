package dev.weft.outbound;

/**
 * A request about outbound webhooks that cannot be done as asked: the message names the field and the fix,
 * never a secret. The API answers it 400 with its {@link #code}.
 */
public final class WebhookInputException extends RuntimeException {
    private final String code;
    private final String field;

    public WebhookInputException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    /**
     * {@code webhook.invalid}, {@code egress.refused}, {@code event_type.invalid}, {@code event.invalid};
     * about the state rather than the input: {@code webhook.disabled} (enable the endpoint first),
     * {@code webhook.in_flight} (the delivery is being sent), {@code webhook.conflict} (another change won).
     */
    public String code() {
        return code;
    }

    /** The field at fault ({@code url}, {@code events[1]}, {@code payload/amount}), or null. */
    public String field() {
        return field;
    }
}
