package dev.weft.engine;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who calls the {@link WeftClient}: the tenant the call acts in (nothing crosses tenants) and the principal
 * acting, such as {@code api-key:ops} or {@code schedule}, which authorization and audit will read.
 * Immutable.
 *
 * @param tenant the tenant id
 * @param principal who acts: a user, an API key, or the platform itself ({@code webhook:finance/invoices})
 */
public record Caller(String tenant, String principal) {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(principal, "principal");
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("a tenant id is 1 to 63 letters, digits, '.', '-' and '_',"
                    + " starting with a letter or digit, but was '" + tenant + "'");
        }
    }

    /** The platform acting on its own in {@code tenant}, for a reason such as {@code schedule}. */
    public static Caller system(String tenant, String what) {
        return new Caller(tenant, what);
    }
}
