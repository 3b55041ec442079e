package dev.weft.cli;

import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.TenantRecord;
import dev.weft.server.api.ApiKeys;
import dev.weft.server.config.ServerSettings;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft keys create|list|revoke}: API keys, managed on the server's store itself. It works without a
 * key, so it is also the way back in when every administrator key is lost; whoever can run it can read the
 * store anyway. The server refuses a revoked key within {@link ApiKeys#CACHE}.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = {
        "Create, list and revoke API keys in the store a server uses (the same as"
                + " /api/v1/tenants/{tenant}/api-keys, without needing a key).",
        "Exit codes: 0 done; 1 the store failed; 2 bad options, an unknown tenant or key."}, subcommands = {
                KeysCommand.CreateKey.class, KeysCommand.ListKeys.class, KeysCommand.RevokeKey.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where a subcommand acts: the store, and the tenant whose keys it manages. */
    static final class Target {
        @Mixin
        StoreOptions store;

        @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = ExecutionStore.DEFAULT_TENANT, description = "The tenant whose keys these are. Default: ${DEFAULT-VALUE}")
        String tenant;

        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        /** Opens the store, checks the tenant exists, and runs {@code use} on it. */
        int withTenant(Function<Storage, Integer> use) {
            return withStore(store, spec, storage -> {
                requireTenant(storage, tenant);
                return use.apply(storage);
            });
        }
    }

    /** Opens the store named by the options, with its default tenant, and runs {@code use} on it. */
    static int withStore(StoreOptions store, CommandSpec spec, Function<Storage, Integer> use) {
        Map<String, String> environment = Weft.environment(spec);
        var configured = store.settingsOrReport(environment);
        if (configured.isEmpty()) {
            return ExitCodes.INVALID;
        }
        ServerSettings settings = configured.get();
        if (settings.dbUrl() == null && !Files.isRegularFile(settings.dataDir().resolve("weft.db"))) {
            throw new IllegalArgumentException("there is no Weft store in " + settings.dataDir()
                    + " (no weft.db): give the server's --data, --db-url or --config");
        }
        try (Storage storage = settings.openStorage()) {
            Instant now = Instant.now();
            storage.tenants().createTenant(new TenantRecord(ExecutionStore.DEFAULT_TENANT, "Default",
                    TenantRecord.ACTIVE, now, now));
            return use.apply(storage);
        }
    }

    static void requireTenant(Storage storage, String tenant) {
        if (storage.tenants().tenant(tenant).isEmpty()) {
            throw new IllegalArgumentException(
                    "there is no tenant '" + tenant + "' in this store; the tenants are "
                            + storage.tenants().tenants().stream().map(TenantRecord::id).toList());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
            "Create an API key and print it once on standard output; only its SHA-256 is stored."})
    static final class CreateKey implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses the key.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator, editor,"
                + " admin, or platform-admin (default tenant only).")
        String role;

        @Option(names = "--namespace", paramLabel = "NAMESPACE", description = "Limit the key to this namespace's"
                + " flows and executions (repeatable).")
        List<String> namespaces = new ArrayList<>();

        @Option(names = "--namespace-role", paramLabel = "NAMESPACE=ROLE", description = "Also give the key this"
                + " role in one namespace's flows and executions, such as finance=editor (repeatable).")
        java.util.Map<String, String> namespaceRoles = new java.util.LinkedHashMap<>();

        @Option(names = "--expires", paramLabel = "WHEN", description = "When the key stops working: an ISO-8601"
                + " instant, or a duration from now such as 90d. Default: never.")
        String expires;

        @Override
        public Integer call() {
            Instant expiresAt = expires == null ? null : expiry(expires);
            return target.withTenant(storage -> {
                ApiKeys.Created created = new ApiKeys(storage.apiKeys(), storage.tenants(),
                        new dev.weft.server.access.Roles(storage.roles()), Clock.systemUTC())
                        .create(target.tenant, name, role, namespaces, namespaceRoles, expiresAt, "cli");
                System.err.println("created API key " + created.record().id() + " (" + role + ") in tenant "
                        + target.tenant + "; it is shown once, below: keep it secret");
                System.out.println(created.key());
                return ExitCodes.OK;
            });
        }

        private static Instant expiry(String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return Instant.now().plus(Durations.parse("--expires (an ISO-8601 instant or)", text));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
            "List a tenant's API keys (never the keys themselves)."})
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() {
            return target.withTenant(storage -> {
                System.out.printf("%-18s %-15s %-22s %-24s %-24s %s%n", "ID", "ROLE", "NAMESPACES", "EXPIRES",
                        "LAST USED", "NAME");
                for (ApiKeyRecord k : storage.apiKeys().apiKeys(target.tenant)) {
                    String role = k.namespaceRoles().isEmpty()
                            ? k.role()
                            : k.role() + " "
                                    + new java.util.TreeMap<>(k.namespaceRoles()).toString().replace(" ", "");
                    System.out.printf("%-18s %-15s %-22s %-24s %-24s %s%n", k.id(), role,
                            k.namespaces().isEmpty() ? "(all)" : String.join(",", k.namespaces()),
                            k.expiresAt() == null ? "never" : k.expiresAt(),
                            k.lastUsedAt() == null ? "never" : k.lastUsedAt(), k.name());
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = {
            "Revoke an API key by its id (as listed); servers refuse it within 2 s."})
    static final class RevokeKey implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "ID", description = "The key's id, as `weft keys list` shows it (not the key).")
        String id;

        @Override
        public Integer call() {
            return target.withTenant(storage -> {
                String tenant = target.tenant;
                if (!storage.apiKeys().deleteApiKey(tenant, id)) {
                    throw new IllegalArgumentException("tenant " + tenant + " has no API key " + id
                            + " (`weft keys list --tenant " + tenant + "` shows its keys)");
                }
                System.out.println("revoked API key " + id + " of tenant " + tenant);
                return ExitCodes.OK;
            });
        }
    }
}
