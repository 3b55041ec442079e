package dev.weft.cli;

import dev.weft.engine.store.Storage;
import dev.weft.server.config.ServerSettings;
import dev.weft.vault.MasterKeyException;
import dev.weft.vault.MasterKeySource;
import dev.weft.vault.RotationReport;
import dev.weft.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft vault rotate}: re-wraps every credential's data key under a new master key, online, in the
 * store a server uses. Prints key ids and counts, never key material or a secret.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true, description = {
        "Rotate the vault's master key: re-wrap every credential's data key under a new primary key and retire"
                + " the old keys. Servers using the same store keep working meanwhile.",
        "With the key file (<data>/master.key, or vault.masterKeyFile in --config): adds a new key to the file,"
                + " re-wraps, and leaves only the new key in the file. Back the file up afterwards.",
        "With " + MasterKeySource.ENVIRONMENT_VARIABLE + ": it must already hold the new primary key (see"
                + " `weft vault add-key`); the keyset to install next, without the old keys, is written to"
                + " --keyset-out FILE (mode 0600), never printed.",
        "Exit codes: 0 rotated; 1 the rotation failed; 2 bad options, no key to rotate, or a single-key "
                + MasterKeySource.ENVIRONMENT_VARIABLE + "."})
final class VaultRotateCommand implements Callable<Integer> {
    /** The procedure for a key from the environment, in command-line terms. */
    static final String ENVIRONMENT_STEPS = "From the command line, with "
            + MasterKeySource.ENVIRONMENT_VARIABLE
            + " set to the current keyset:\n"
            + "  1. weft vault add-key --keyset-out next.keyset\n"
            + "  2. set " + MasterKeySource.ENVIRONMENT_VARIABLE
            + " to the content of next.keyset on every node"
            + " and restart them\n"
            + "  3. with that value here too: weft vault rotate --keyset-out final.keyset\n"
            + "  4. set " + MasterKeySource.ENVIRONMENT_VARIABLE
            + " to the content of final.keyset on every node,"
            + " restart them, and delete both files";

    @Mixin
    StoreOptions store;

    @Option(names = "--master-key-file", paramLabel = "FILE", description = "The master key file, when not"
            + " <data>/master.key nor set in --config.")
    Path masterKeyFile;

    @Option(names = "--keyset-out", paramLabel = "FILE", description = "With "
            + MasterKeySource.ENVIRONMENT_VARIABLE + ": the new file to write the keyset to install into"
            + " (mode 0600).")
    Path keysetOut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> environment = Weft.environment(spec);
        var configured = store.settingsOrReport(environment);
        if (configured.isEmpty()) {
            return ExitCodes.INVALID;
        }
        ServerSettings settings = configured.get();
        Path keyFile = masterKeyFile != null ? masterKeyFile : settings.masterKeyPath();
        MasterKeySource source = MasterKeySource.resolve(environment, keyFile);
        checkOptions(source, settings);
        try (Storage storage = settings.openStorage()) {
            RotationReport report;
            try {
                Vault vault = Vault.open(source, storage.credentials(), Clock.systemUTC());
                report = vault.rotate();
            } catch (MasterKeyException e) {
                System.err.println("weft vault rotate: " + e.getMessage());
                if (source.keyFile().isEmpty()) {
                    System.err.println(ENVIRONMENT_STEPS);
                }
                return e.getCause() instanceof IOException ? ExitCodes.FAILED : ExitCodes.INVALID;
            }
            print(source, report);
            if (report.keysetToInstall().isPresent()) {
                return handOver(report.keysetToInstall().get());
            }
            System.out.println("Back up " + source.keyFile().orElseThrow() + " now, apart from the database"
                    + " backups: it holds only the new key. Keep the backup of the old key file as long as you"
                    + " keep database backups from before this rotation.");
            return ExitCodes.OK;
        }
    }

    /** Refuses, before anything changes, what cannot work; throws {@link IllegalArgumentException}. */
    private void checkOptions(MasterKeySource source, ServerSettings settings) {
        if (source.keyFile().isPresent()) {
            if (keysetOut != null) {
                throw new IllegalArgumentException("--keyset-out is for a master key from "
                        + MasterKeySource.ENVIRONMENT_VARIABLE + "; this rotation updates the key file "
                        + source.keyFile().get() + " itself");
            }
            if (!Files.isRegularFile(source.keyFile().get())) {
                throw new IllegalArgumentException("there is no master key file at " + source.keyFile().get()
                        + ", so nothing to rotate: give the server's --data, --config or --master-key-file"
                        + " (or, when the server takes its key from " + MasterKeySource.ENVIRONMENT_VARIABLE
                        + ", set that here too)");
            }
        } else {
            if (keysetOut == null) {
                throw new IllegalArgumentException("the master key comes from "
                        + MasterKeySource.ENVIRONMENT_VARIABLE + ", so the keyset to install afterwards is"
                        + " written to a file, never printed: give --keyset-out FILE (a new file)");
            }
            KeysetFile.checkWritable(keysetOut);
        }
        if (settings.dbUrl() == null && !Files.isRegularFile(settings.dataDir().resolve("weft.db"))) {
            throw new IllegalArgumentException("there is no Weft store in " + settings.dataDir()
                    + " (no weft.db): give the server's --data, --db-url or --config");
        }
    }

    private static void print(MasterKeySource source, RotationReport report) {
        boolean fromFile = source.keyFile().isPresent();
        System.out.println("master key: " + source.describe());
        System.out.println("primary key" + (fromFile ? " (new)" : "") + ": " + report.primaryKeyId());
        System.out.println(
                (fromFile ? "retired keys: " : "keys to retire: ") + (report.retiredKeyIds().isEmpty()
                        ? "none"
                        : report.retiredKeyIds().stream().map(String::valueOf)
                                .collect(Collectors.joining(", "))));
        System.out
                .println("credentials re-wrapped: " + report.rewrapped() + ", already under the primary key: "
                        + report.alreadyCurrent() + ", unreadable: " + report.unreadable().size());
        List<String> unreadable = report.unreadable();
        if (!unreadable.isEmpty()) {
            System.err.println("warning: no master key can unwrap the data key of " + String.join(", ",
                    unreadable)
                    + "; they were unreadable before this rotation too (tampered, or sealed under a"
                    + " lost key): write them again");
        }
    }

    private int handOver(String keyset) {
        try {
            KeysetFile.write(keysetOut, keyset);
        } catch (IOException e) {
            System.err.println("weft vault rotate: every credential is re-wrapped, but the keyset to install"
                    + " could not be written to " + keysetOut + ": " + e + ". Run the rotation again with"
                    + " another --keyset-out: it re-wraps nothing more and writes the same keyset.");
            return ExitCodes.FAILED;
        }
        System.out.println("The keyset to install, without the old keys, is in " + keysetOut
                + " (mode 0600). Next:");
        System.out.println("  1. set " + MasterKeySource.ENVIRONMENT_VARIABLE + " to the content of "
                + keysetOut + " on every node and restart them;");
        System.out.println("  2. then delete " + keysetOut + ". Keep the old value as long as you keep"
                + " database backups from before this rotation.");
        return ExitCodes.OK;
    }
}
