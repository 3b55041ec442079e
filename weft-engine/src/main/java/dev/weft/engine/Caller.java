package dev.weft.engine;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who calls the {@link WeftClient}: the tenant the call acts in (nothing crosses tenants), the principal
 * acting, such as {@code api-key:k1a2…} or {@code schedule}, which audit reads, and the namespaces it
 * reaches. Immutable.
 *
 * @param tenant the tenant id
 * @param principal who acts: a user, an API key, or the platform itself ({@code webhook:finance/invoices})
 * @param namespaces the namespaces whose flows and executions the caller reaches; empty for all of the
 *     tenant's. Outside them a flow or an execution is as absent as another tenant's
 */
public record Caller(String tenant, String principal, Set<String> namespaces) {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(principal, "principal");
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("a tenant id is 1 to 63 letters, digits, '.', '-' and '_',"
                    + " starting with a letter or digit, but was '" + tenant + "'");
        }
    }

    /** A caller reaching every namespace of the tenant. */
    public Caller(String tenant, String principal) {
        this(tenant, principal, Set.of());
    }

    /** The platform acting on its own in {@code tenant}, for a reason such as {@code schedule}. */
    public static Caller system(String tenant, String what) {
        return new Caller(tenant, what);
    }

    /** Whether the caller reaches flows and executions of {@code namespace}. */
    public boolean reaches(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
