package dev.weft.connector.files;

import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A local folder as a {@link Store}. Symbolic links are not followed, anywhere under the root: every path
 * is opened one name at a time from an open handle on the root, each name without following a link
 * ({@link SecureDirectoryStream}, the system's {@code openat} with {@code O_NOFOLLOW}), and the file is then
 * read, written, renamed or deleted relative to the handle of the folder it is in. Checking a path and then
 * using it would leave a window in which a link swapped into the path leads outside the root; this leaves
 * none. A path that goes through a link, or names one, is refused with {@code files.outside_root}. A file
 * system without such handles (not Linux or macOS) cannot be used. Thread-safe: it holds only the root.
 */
final class LocalStore implements Store {
    private static final LinkOption NO_LINKS = LinkOption.NOFOLLOW_LINKS;
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

    /** The open folder that holds a path's last name, and that name. Closing closes the folder. */
    private record Place(SecureDirectoryStream<Path> folder, Path name) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            folder.close();
        }

        BasicFileAttributes attributes() throws IOException {
            return folder.getFileAttributeView(name, BasicFileAttributeView.class, NO_LINKS).readAttributes();
        }
    }

    /** The root folder, opened. */
    private SecureDirectoryStream<Path> openRoot() throws ConnectorException {
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(root.toRealPath());
        } catch (IOException e) {
            throw Failures.io("opening the root folder " + root, e);
        }
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        closeQuietly(stream);
        throw ConnectorException.permanent("files.unsupported",
                "the local files connector needs a file system"
                        + " that opens folders relative to each other without following links (Linux, macOS); "
                        + root + " is not on one",
                null, null);
    }

    /**
     * Opens the folders of {@code path}'s parent one by one from the root, following no link.
     *
     * @param create whether to make the folders that are missing
     */
    private SecureDirectoryStream<Path> openFolder(RelativePath folder, boolean create)
            throws ConnectorException {
        SecureDirectoryStream<Path> current = openRoot();
        Path made = root;
        for (String segment : folder.segments()) {
            Path name = Path.of(segment);
            made = made.resolve(segment);
            try {
                SecureDirectoryStream<Path> next;
                try {
                    next = current.newDirectoryStream(name, NO_LINKS);
                } catch (NoSuchFileException missing) {
                    if (!create) {
                        throw missing;
                    }
                    // No mkdirat in Java: the folder is made by its path, then opened without following
                    // links from its parent's handle; had a link been swapped in, opening it fails here.
                    try {
                        Files.createDirectory(made);
                    } catch (FileAlreadyExistsException raced) {
                        // made by another writer meanwhile: opened below like any folder
                    }
                    next = current.newDirectoryStream(name, NO_LINKS);
                }
                current.close();
                current = next;
            } catch (NoSuchFileException e) {
                closeQuietly(current);
                throw Failures.notFound(folder);
            } catch (NotDirectoryException e) {
                closeQuietly(current);
                throw Failures.notAFolder(folder);
            } catch (FileSystemException e) {
                closeQuietly(current);
                throw link(folder, e);
            } catch (IOException e) {
                closeQuietly(current);
                throw Failures.io("opening '" + folder + "'", e);
            }
        }
        return current;
    }

    private Place place(RelativePath path, boolean createFolders) throws ConnectorException {
        return new Place(openFolder(path.parent(), createFolders), Path.of(path.name()));
    }

    /** A folder that could not be opened: a link (ELOOP, as not followed), a file, or another failure. */
    private static ConnectorException link(RelativePath path, FileSystemException e) {
        String reason = e.getReason() == null ? "" : e.getReason();
        if (reason.contains("symbolic link")) {
            return Failures.outsideRoot("path",
                    "'" + path + "' goes through a symbolic link, which this connector"
                            + " does not follow");
        }
        if (reason.contains("Not a directory")) {
            return Failures.notAFolder(path);
        }
        return Failures.io("opening '" + path + "'", e);
    }

    private static ConnectorException refusedLink(RelativePath path) {
        return Failures.outsideRoot("path", "'" + path + "' is a symbolic link, which this connector does not"
                + " follow");
    }

    @Override
    public List<Entry> list(RelativePath dir, Budget budget) throws ConnectorException {
        List<Entry> out = new ArrayList<>();
        try (SecureDirectoryStream<Path> folder = openFolder(dir, false)) {
            for (Path child : folder) {
                Path name = child.getFileName();
                try {
                    BasicFileAttributes a = folder
                            .getFileAttributeView(name, BasicFileAttributeView.class, NO_LINKS)
                            .readAttributes();
                    if (a.isSymbolicLink() || !a.isDirectory() && !a.isRegularFile()) {
                        continue; // links are not followed, so not listed; nor are devices and sockets
                    }
                    out.add(entry(dir.child(name.toString()), a));
                } catch (NoSuchFileException gone) {
                    // deleted while listed
                }
            }
        } catch (IOException e) {
            throw Failures.io("listing '" + dir + "'", e);
        }
        return out;
    }

    private static Entry entry(RelativePath rel, BasicFileAttributes a) {
        return new Entry(rel, a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant(),
                a.isDirectory());
    }

    @Override
    public Entry stat(RelativePath path, Budget budget) throws ConnectorException {
        if (path.isRoot()) {
            try (SecureDirectoryStream<Path> folder = openRoot()) {
                return entry(path,
                        folder.getFileAttributeView(BasicFileAttributeView.class).readAttributes());
            } catch (IOException e) {
                throw Failures.io("reading the attributes of the root", e);
            }
        }
        try (Place p = place(path, false)) {
            BasicFileAttributes a = p.attributes();
            if (a.isSymbolicLink()) {
                throw refusedLink(path);
            }
            return entry(path, a);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw Failures.io("reading the attributes of '" + path + "'", e);
        } catch (ConnectorException e) {
            if (e.code().equals("files.not_found")) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public byte[] read(RelativePath path, long maxBytes, Budget budget) throws ConnectorException {
        if (path.isRoot()) {
            throw Failures.notAFile(path);
        }
        try (Place p = place(path, false)) {
            // Looked at before it is opened: opening a named pipe would wait for a writer for ever
            BasicFileAttributes a = p.attributes();
            if (a.isSymbolicLink()) {
                throw refusedLink(path);
            }
            if (!a.isRegularFile()) {
                throw Failures.notAFile(path);
            }
            return read(p, path, maxBytes);
        } catch (NoSuchFileException e) {
            throw Failures.notFound(path);
        } catch (IOException e) {
            throw Failures.io("reading '" + path + "'", e);
        }
    }

    private static byte[] read(Place p, RelativePath path, long maxBytes) throws ConnectorException {
        try (SeekableByteChannel in = p.folder().newByteChannel(p.name(),
                Set.of(StandardOpenOption.READ, NO_LINKS))) {
            if (in.size() > maxBytes) {
                throw Failures.tooLarge(path, in.size(), maxBytes);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes + 1, in.size() + 1));
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                if (!buffer.hasRemaining() && buffer.capacity() <= maxBytes) {
                    buffer = ByteBuffer.allocate((int) Math.min(maxBytes + 1, buffer.capacity() * 2L))
                            .put(buffer.flip());
                }
            }
            if (buffer.position() > maxBytes) {
                throw Failures.tooLarge(path, buffer.position(), maxBytes);
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        } catch (NoSuchFileException e) {
            throw Failures.notFound(path);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw message.contains("Is a directory")
                    ? Failures.notAFile(path)
                    : message.contains("symbolic link")
                            ? refusedLink(path)
                            : Failures.io("reading '" + path + "'", e);
        }
    }

    @Override
    public Entry write(RelativePath path, byte[] content, boolean overwrite, boolean createDirectories,
            Budget budget) throws ConnectorException {
        if (path.isRoot()) {
            throw Failures.notAFile(path);
        }
        Path temp = Path.of("." + path.name() + ".weft-" + UUID.randomUUID() + ".tmp");
        try (Place p = place(path, createDirectories)) {
            try {
                Set<OpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        NO_LINKS);
                try (SeekableByteChannel out = p.folder().newByteChannel(temp, create)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                BasicFileAttributes there = existing(p);
                if (there != null && !overwrite) {
                    // Checked, then renamed: a file another writer makes at the same moment can be replaced
                    // (Java has no rename that refuses an existing name), but no reader sees part of a file.
                    throw Failures.exists(path);
                }
                if (there != null && (there.isSymbolicLink() || there.isDirectory())) {
                    throw there.isDirectory() ? Failures.exists(path) : refusedLink(path);
                }
                p.folder().move(temp, p.folder(), p.name());
            } finally {
                deleteQuietly(p.folder(), temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw Failures.exists(path);
        } catch (IOException e) {
            throw Failures.io("writing '" + path + "'", e);
        }
        return stat(path, budget);
    }

    private static BasicFileAttributes existing(Place p) throws IOException {
        try {
            return p.attributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> folder, Path name) {
        try {
            folder.deleteFile(name);
        } catch (IOException e) {
            // Gone (renamed into place), or left behind when the folder became unwritable; its name marks it
        }
    }

    @Override
    public Entry move(RelativePath from, RelativePath to, boolean overwrite, Budget budget)
            throws ConnectorException {
        if (from.isRoot() || to.isRoot()) {
            throw Failures.outsideRoot("path", "the root itself cannot be moved or replaced");
        }
        try (Place source = place(from, false); Place target = place(to, false)) {
            BasicFileAttributes a;
            try {
                a = source.attributes();
            } catch (NoSuchFileException e) {
                throw Failures.notFound(from);
            }
            if (a.isSymbolicLink()) {
                throw refusedLink(from);
            }
            BasicFileAttributes there = null;
            try {
                there = target.attributes();
            } catch (NoSuchFileException e) {
                // free
            }
            if (there != null && (!overwrite || there.isDirectory())) {
                throw Failures.exists(to);
            }
            if (there != null && there.isSymbolicLink()) {
                throw refusedLink(to);
            }
            source.folder().move(source.name(), target.folder(), target.name());
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw Failures.exists(to);
        } catch (NoSuchFileException e) {
            throw Failures.notFound(to.parent());
        } catch (IOException e) {
            throw Failures.io("moving '" + from + "' to '" + to + "'", e);
        }
        return stat(to, budget);
    }

    @Override
    public boolean delete(RelativePath path, Budget budget) throws ConnectorException {
        if (path.isRoot()) {
            throw Failures.outsideRoot("path", "the root itself cannot be deleted");
        }
        try (Place p = place(path, false)) {
            BasicFileAttributes a;
            try {
                a = p.attributes();
            } catch (NoSuchFileException e) {
                return false;
            }
            if (a.isDirectory()) {
                p.folder().deleteDirectory(p.name());
            } else {
                p.folder().deleteFile(p.name()); // a link is removed itself, never what it points to
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (DirectoryNotEmptyException e) {
            throw ConnectorException.permanent("files.not_empty",
                    "'" + path + "' is a folder that is not empty: delete its files first", null, null);
        } catch (IOException e) {
            throw Failures.io("deleting '" + path + "'", e);
        } catch (ConnectorException e) {
            if (e.code().equals("files.not_found")) {
                return false;
            }
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing a folder handle that failed to open further
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
        try {
            closeQuietly(openRoot());
            return ConnectionTest.ok("folder " + root + " is readable and writable");
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }
}
