package dev.weft.vault.internal;

import dev.weft.vault.MasterKeyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The master key file on disk: written atomically with mode 0600, stamped to notice another process's
 * rewrite, and guarded by a lock file ({@code master.key.lock}) while it is created or rotated.
 * Thread-safe.
 */
final class KeyFile {

    static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    /** A JVM may hold a file lock once; this makes two vaults in one process take turns. */
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final Path path;

    KeyFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    String describe() {
        return "key file " + path;
    }

    /** What identifies one version of the file without reading it. */
    record Stamp(FileTime modified, long size, Object fileKey) {
    }

    Optional<Stamp> stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(new Stamp(a.lastModifiedTime(), a.size(), a.fileKey()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the attributes of " + describe(), e);
        }
    }

    boolean exists() {
        return Files.exists(path);
    }

    String read() {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MasterKeyException(describe() + " has disappeared: restore it from its backup"
                    + " (without it no credential can be decrypted)", e);
        } catch (IOException e) {
            throw new MasterKeyException("cannot read " + describe(), e);
        }
    }

    /**
     * Replaces the file's content atomically: a reader sees the old keyset or the new one, never a part.
     * Returns false when the file system has no POSIX permissions, so mode 0600 could not be set.
     */
    boolean write(String content) {
        try {
            Files.createDirectories(path.getParent());
            Path temp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            boolean posix = Files.getFileAttributeView(path.getParent(),
                    PosixFileAttributeView.class) != null;
            if (posix) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(temp);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            return posix;
        } catch (IOException e) {
            throw new MasterKeyException("cannot write " + describe(), e);
        }
    }

    /** The file's POSIX permissions, or empty where the file system has none. */
    Optional<Set<PosixFilePermission>> permissions() {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(view.readAttributes().permissions());
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the permissions of " + describe(), e);
        }
    }

    /** Work done while holding the lock file. */
    interface Locked<T> {
        T run();
    }

    /**
     * Runs {@code work} holding the lock file, waiting for another process that holds it when
     * {@code wait}, else failing with {@code busyMessage}.
     */
    <T> T locked(boolean wait, String busyMessage, Locked<T> work) {
        Path lockPath = path.resolveSibling(path.getFileName() + ".lock");
        if (wait) {
            JVM_LOCK.lock();
        } else if (!JVM_LOCK.tryLock()) {
            throw new MasterKeyException(busyMessage);
        }
        try {
            try {
                Files.createDirectories(path.getParent());
                try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    FileLock lock = wait ? channel.lock() : channel.tryLock();
                    if (lock == null) {
                        throw new MasterKeyException(busyMessage);
                    }
                    try (lock) {
                        return work.run();
                    }
                } catch (OverlappingFileLockException e) {
                    throw new MasterKeyException(busyMessage);
                }
            } catch (IOException e) {
                throw new MasterKeyException("cannot lock " + lockPath, e);
            }
        } finally {
            JVM_LOCK.unlock();
        }
    }
}
