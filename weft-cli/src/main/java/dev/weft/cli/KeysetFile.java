package dev.weft.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A master keyset handed to the operator in a file ({@code --keyset-out}): a new file, readable by its
 * owner only, never one that already exists. The keyset never goes to standard output.
 */
final class KeysetFile {
    private KeysetFile() {
    }

    /**
     * Refuses early, before anything is changed, a {@code --keyset-out} that exists or whose folder does
     * not; throws {@link IllegalArgumentException} saying so.
     */
    static void checkWritable(Path file) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException("--keyset-out " + file + " already exists; give a new file (a"
                    + " keyset is never written over another one)");
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--keyset-out " + file + ": the folder " + folder
                    + " does not exist");
        }
    }

    /** Creates {@code file} (mode 0600 where POSIX permissions exist) holding {@code keyset}. */
    static void write(Path file, String keyset) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(file, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            channel = Files.newByteChannel(file, options);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists; give a new file");
        }
        try (SeekableByteChannel out = channel) {
            ByteBuffer bytes = ByteBuffer.wrap((keyset + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
    }
}
