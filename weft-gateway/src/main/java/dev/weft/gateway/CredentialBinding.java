package dev.weft.gateway;

import dev.weft.engine.store.SystemRecord;
import java.util.Comparator;
import java.util.List;

/**
 * Which systems may use a credential: those its {@code systems} field names, or, when it names none, only the
 * system that named it first (the earliest created of the systems that name it). So a system created later,
 * pointing at another host, cannot borrow a credential made for another system; sharing one is a written
 * choice in the credential. Checked when a system is saved and when the gateway opens it. Stateless.
 */
public final class CredentialBinding {
    private CredentialBinding() {
    }

    /**
     * What keeps {@code system} from using its credential, or null when it may.
     *
     * @param allowed the credential's {@code systems} field, empty when it names none
     * @param all the tenant's systems as stored ({@code system} among them or not)
     */
    public static String problem(String system, String credential, List<String> allowed,
            List<SystemRecord> all) {
        if (!allowed.isEmpty()) {
            return allowed.contains(system)
                    ? null
                    : "credential '" + credential + "' is for system" + (allowed.size() == 1 ? " '" : "s '")
                            + String.join("', '", allowed) + "' (its field systems)" + fix(system, credential,
                                    allowed);
        }
        SystemRecord first = all.stream()
                .filter(r -> credential.equals(r.credential()) && !r.id().equals(system))
                .min(Comparator.comparing(SystemRecord::createdAt).thenComparing(SystemRecord::id))
                .orElse(null);
        SystemRecord self = all.stream().filter(r -> r.id().equals(system)).findFirst().orElse(null);
        boolean selfFirst = self != null && first != null && (self.createdAt().isBefore(first.createdAt())
                || self.createdAt().equals(first.createdAt()) && self.id().compareTo(first.id()) < 0);
        if (first == null || selfFirst) {
            return null;
        }
        return "credential '" + credential + "' is for system '" + first.id() + "', the first to use it: a"
                + " credential goes only to the system it was made for, so that a system pointing elsewhere cannot"
                + " borrow it" + fix(system, credential, List.of(first.id()));
    }

    private static String fix(String system, String credential, List<String> allowed) {
        List<String> with = new java.util.ArrayList<>(allowed);
        with.add(system);
        return "; to let '" + system + "' use it too, name every system in the credential: PUT"
                + " /api/v1/credentials/" + credential + " with \"systems\": \"" + String.join(",", with)
                + "\" (and its other fields)";
    }
}
