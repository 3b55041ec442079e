package dev.weft.connector.files;

import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local folder as a {@link Store}. Every path resolves under the root, and a path whose real location
 * (after following symbolic links) is outside the root is refused with {@code files.outside_root}.
 * Thread-safe: it holds only the root.
 */
final class LocalStore implements Store {
    private final Path root;

    LocalStore(FilesConfig config) throws ConnectorException {
        Path given = Path.of(config.root());
        if (!given.isAbsolute()) {
            throw ConnectorException.permanent("files.config",
                    "files system config: 'root' must be an absolute"
                            + " folder path, for example \"/srv/exchange\", but was '" + config.root() + "'",
                    null, null);
        }
        this.root = given.normalize();
    }

    /**
     * The path under the root, refused when it or the nearest part of it that exists resolves (through
     * symbolic links) outside the root.
     */
    private Path resolve(RelativePath rel) throws ConnectorException {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw Failures.io("opening the root folder " + root, e);
        }
        Path target = realRoot;
        for (String s : rel.segments()) {
            target = target.resolve(s);
        }
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
                throw Failures.outsideRoot("path",
                        "'" + rel + "' leads through a symbolic link to outside the system's root");
            }
        } catch (NoSuchFileException e) {
            // A dangling link: its target does not exist, so the path names nothing to read or follow.
            throw Failures.outsideRoot("path", "'" + rel + "' is a symbolic link to a missing target");
        } catch (IOException e) {
            throw Failures.io("resolving '" + rel + "'", e);
        }
        return target;
    }

    @Override
    public List<Entry> list(RelativePath dir, Budget budget) throws ConnectorException {
        Path folder = resolve(dir);
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                Entry e = entry(dir.child(child.getFileName().toString()), child);
                if (e != null) {
                    out.add(e);
                }
            }
        } catch (NoSuchFileException e) {
            throw Failures.notFound(dir);
        } catch (NotDirectoryException e) {
            throw Failures.notAFolder(dir);
        } catch (IOException e) {
            throw Failures.io("listing '" + dir + "'", e);
        }
        return out;
    }

    private static Entry entry(RelativePath rel, Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Entry(rel, a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant(),
                    a.isDirectory());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public Entry stat(RelativePath path, Budget budget) throws ConnectorException {
        Path p = resolve(path);
        try {
            return entry(path, p);
        } catch (IOException e) {
            throw Failures.io("reading the attributes of '" + path + "'", e);
        }
    }

    @Override
    public byte[] read(RelativePath path, long maxBytes, Budget budget) throws ConnectorException {
        Entry e = stat(path, budget);
        if (e == null) {
            throw Failures.notFound(path);
        }
        if (e.directory()) {
            throw Failures.notAFile(path);
        }
        if (e.size() > maxBytes) {
            throw Failures.tooLarge(path, e.size(), maxBytes);
        }
        try (InputStream in = Files.newInputStream(resolve(path))) {
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw Failures.tooLarge(path, bytes.length, maxBytes);
            }
            return bytes;
        } catch (NoSuchFileException ex) {
            throw Failures.notFound(path);
        } catch (IOException ex) {
            throw Failures.io("reading '" + path + "'", ex);
        }
    }

    @Override
    public Entry write(RelativePath path, byte[] content, boolean overwrite, boolean createDirectories,
            Budget budget) throws ConnectorException {
        Path target = resolve(path);
        Path folder = target.getParent();
        Path temp = folder.resolve("." + path.name() + ".weft-" + UUID.randomUUID() + ".tmp");
        try {
            if (createDirectories) {
                Files.createDirectories(folder);
                resolve(path); // the folders just made must not have let the path escape
            }
            Files.write(temp, content);
            if (overwrite) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A hard link fails atomically when the target exists, which a check-then-move cannot.
                Files.createLink(target, temp);
                Files.delete(temp);
            }
            return stat(path, budget);
        } catch (FileAlreadyExistsException e) {
            throw Failures.exists(path);
        } catch (NoSuchFileException e) {
            throw Failures.notFound(path.parent());
        } catch (IOException e) {
            throw Failures.io("writing '" + path + "'", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Left behind only when the folder itself became unwritable; its name marks it as ours.
        }
    }

    @Override
    public Entry move(RelativePath from, RelativePath to, boolean overwrite, Budget budget)
            throws ConnectorException {
        Path source = resolve(from);
        Path target = resolve(to);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw Failures.notFound(from);
        }
        try {
            if (overwrite) {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw Failures.exists(to);
            } else {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return stat(to, budget);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw Failures.exists(to);
        } catch (NoSuchFileException e) {
            throw Failures.notFound(Files.exists(source) ? to.parent() : from);
        } catch (IOException e) {
            throw Failures.io("moving '" + from + "' to '" + to + "'", e);
        }
    }

    @Override
    public boolean delete(RelativePath path, Budget budget) throws ConnectorException {
        if (path.isRoot()) {
            throw Failures.outsideRoot("path", "the root itself cannot be deleted");
        }
        try {
            return Files.deleteIfExists(resolve(path));
        } catch (DirectoryNotEmptyException e) {
            throw ConnectorException.permanent("files.not_empty",
                    "'" + path + "' is a folder that is not empty: delete its files first", null, null);
        } catch (IOException e) {
            throw Failures.io("deleting '" + path + "'", e);
        }
    }

    @Override
    public ConnectionTest test() {
        if (!Files.isDirectory(root)) {
            return ConnectionTest.failed("the root " + root + " is not a folder: create it or fix 'root'");
        }
        if (!Files.isWritable(root)) {
            return ConnectionTest.failed("the root " + root + " is not writable by this process");
        }
        return ConnectionTest.ok("folder " + root + " is readable and writable");
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }
}
