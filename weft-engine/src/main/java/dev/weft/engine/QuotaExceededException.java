package dev.weft.engine;

/** A tenant is at one of its quotas: nothing was started or stored; try again later. */
public final class QuotaExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String message) {
        super(message);
    }
}
