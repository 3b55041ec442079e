package dev.weft.cli;

import dev.weft.engine.store.AuditVerification;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft audit verify}: recomputes the audit log's hash chains in the store a server uses. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = {
        "The audit log in the store a server uses."}, subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
            "Recompute every tenant's audit chain and check that no entry was changed, deleted or inserted.",
            "Exit codes: 0 every chain is intact; 1 a chain is broken (the first broken entry is named) or the"
                    + " store failed; 2 bad options."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return KeysCommand.withStore(store, spec, storage -> {
                AuditVerification.Result result = AuditVerification.verify(storage.audit());
                result.checked().forEach((tenant, n) -> System.out.println("tenant " + tenant + ": " + n
                        + " entries checked"));
                if (result.broken().isPresent()) {
                    System.err.println(
                            "weft audit verify: the audit chain is broken at " + result.broken().get());
                    return ExitCodes.FAILED;
                }
                System.out.println("every audit chain is intact");
                return ExitCodes.OK;
            });
        }
    }
}
