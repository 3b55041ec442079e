package dev.weft.cli;

import dev.weft.vault.MasterKeyException;
import dev.weft.vault.MasterKeySource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft vault add-key}: the first step of rotating a master key that comes from
 * {@code WEFT_MASTER_KEY}: the current keyset with a new primary key, written to a file, never printed.
 */
@Command(name = "add-key", mixinStandardHelpOptions = true, description = {
        "First step of rotating a master key that comes from " + MasterKeySource.ENVIRONMENT_VARIABLE
                + ": write its keyset with a new primary key added (the old keys kept, so that every"
                + " credential still opens) to --keyset-out FILE (mode 0600). Touches no store.",
        "With a key file, `weft vault rotate` adds the key itself; this command is not needed."})
final class VaultAddKeyCommand implements Callable<Integer> {
    @Option(names = "--keyset-out", required = true, paramLabel = "FILE", description = "The new file to write"
            + " the next keyset into (mode 0600).")
    Path keysetOut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String current = Weft.environment(spec).get(MasterKeySource.ENVIRONMENT_VARIABLE);
        if (current == null || current.isBlank()) {
            throw new IllegalArgumentException(MasterKeySource.ENVIRONMENT_VARIABLE + " is not set: this"
                    + " command adds a key to the keyset in it. (With a key file, `weft vault rotate` adds"
                    + " the key itself.)");
        }
        KeysetFile.checkWritable(keysetOut);
        String next;
        try {
            next = MasterKeySource.addPrimaryKey(current);
        } catch (MasterKeyException e) {
            System.err.println("weft vault add-key: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        try {
            KeysetFile.write(keysetOut, next);
        } catch (IOException e) {
            System.err.println("weft vault add-key: cannot write " + keysetOut + ": " + e);
            return ExitCodes.FAILED;
        }
        System.out.println("The keyset with a new primary key is in " + keysetOut + " (mode 0600). Next:");
        System.out.println("  1. set " + MasterKeySource.ENVIRONMENT_VARIABLE + " to the content of "
                + keysetOut
                + " on every node and restart them (new credentials are then sealed under the new key);");
        System.out.println("  2. with that value here too: weft vault rotate --keyset-out FILE");
        return ExitCodes.OK;
    }
}
