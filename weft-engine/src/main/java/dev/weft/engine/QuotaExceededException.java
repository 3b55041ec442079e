package dev.weft.engine;

/** A tenant is at one of its quotas: nothing was started or stored. */
public final class QuotaExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A quota of work at once (active executions): trying again later may succeed. */
    public static final String ACTIVE = "quota.exceeded";
    /** The quota of stored bytes: nothing more is stored until data is deleted or the quota raised. */
    public static final String STORED_BYTES = "quota.stored_bytes";

    private final String code;

    public QuotaExceededException(String message) {
        this(ACTIVE, message);
    }

    public QuotaExceededException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** {@link #ACTIVE} or {@link #STORED_BYTES}. */
    public String code() {
        return code;
    }
}
