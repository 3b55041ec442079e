package dev.weft.connector.files;

import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A folder on an SFTP server as a {@link Store}, through {@link SftpLink}. Paths are checked lexically
 * ({@link RelativePath}), and every symbolic link on the way is read so that none leads outside the
 * root (with root {@code /}, every absolute target is inside: the server's own confinement applies). A call's SFTP channel is closed when the call is cancelled or its
 * timeout passes, which aborts blocked I/O. Thread-safe.
 */
final class SftpStore implements Store {
    private final FilesConfig config;
    private final SftpLink link;
    private final String root;

    SftpStore(FilesConfig config, Optional<Credential> credential) throws ConnectorException {
        this.config = config;
        String r = config.root();
        this.root = r.length() > 1 && r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
        this.link = new SftpLink(config, credential);
    }

    /** An operation on one SFTP channel. */
    private interface Work<T> {
        T run(SftpClient sftp) throws IOException, ConnectorException;
    }

    private <T> T with(String what, Budget budget, Work<T> work) throws ConnectorException {
        if (budget.cancellation().cancelled()) {
            throw Failures.cancelled(budget.cancellation().reason());
        }
        try (SftpClient sftp = link.open(budget.timeout())) {
            budget.cancellation().onCancel(() -> closeQuietly(sftp));
            CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> closeQuietly(sftp),
                    CompletableFuture.delayedExecutor(budget.timeout().toMillis(), TimeUnit.MILLISECONDS));
            try {
                return work.run(sftp);
            } finally {
                deadline.cancel(false);
            }
        } catch (SftpException e) {
            throw switch (e.getStatus()) {
                case SftpConstants.SSH_FX_PERMISSION_DENIED -> ConnectorException.permanent("files.denied",
                        what + " was refused by the server (permission denied): check the user's rights",
                        null, e);
                default -> Failures.io(what, e);
            };
        } catch (IOException e) {
            if (budget.cancellation().cancelled()) {
                throw Failures.cancelled(budget.cancellation().reason());
            }
            throw Failures.io(what, e);
        }
    }

    private String remote(RelativePath rel) {
        return rel.isRoot() ? root : (root.equals("/") ? "" : root) + "/" + rel;
    }

    /**
     * Refuses a path that passes through a symbolic link whose target (as the server reads it, resolved
     * against the link's folder) lies outside the root. Servers differ in what realpath does with links,
     * so the links are read one by one instead.
     */
    private void checkInside(SftpClient sftp, RelativePath rel) throws IOException, ConnectorException {
        checkInside(sftp, rel, rel, 0);
    }

    private void checkInside(SftpClient sftp, RelativePath rel, RelativePath asked, int depth)
            throws IOException, ConnectorException {
        RelativePath p = RelativePath.ROOT;
        for (String s : rel.segments()) {
            p = p.child(s);
            SftpClient.Attributes a = attributes(sftp, p, true);
            if (a == null) {
                return;
            }
            if (!a.isSymbolicLink()) {
                continue;
            }
            if (depth > 8) {
                throw Failures.outsideRoot("path",
                        "'" + asked + "' passes through more than 8 symbolic links");
            }
            String target = sftp.readLink(remote(p));
            RelativePath inside = underRoot(
                    target.startsWith("/") ? target : remote(p.parent()) + "/" + target);
            if (inside == null) {
                throw Failures.outsideRoot("path",
                        "'" + asked + "' leads through a symbolic link to outside the system's root");
            }
            checkInside(sftp, inside, asked, depth + 1);
        }
    }

    /** The absolute remote {@code path}, normalized, as a path under the root; null when outside it. */
    private RelativePath underRoot(String path) {
        java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.equals("..")) {
                if (names.isEmpty()) {
                    return null;
                }
                names.removeLast();
            } else if (!s.isEmpty() && !s.equals(".")) {
                names.addLast(s);
            }
        }
        List<String> all = new ArrayList<>(names);
        List<String> base = root.equals("/") ? List.of() : List.of(root.substring(1).split("/"));
        if (all.size() < base.size() || !all.subList(0, base.size()).equals(base)) {
            return null;
        }
        return new RelativePath(all.subList(base.size(), all.size()));
    }

    private SftpClient.Attributes attributes(SftpClient sftp, RelativePath rel, boolean link)
            throws IOException {
        try {
            return link ? sftp.lstat(remote(rel)) : sftp.stat(remote(rel));
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                    || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return null;
            }
            throw e;
        }
    }

    private Entry entry(SftpClient sftp, RelativePath rel) throws IOException {
        SftpClient.Attributes a = attributes(sftp, rel, false);
        return a == null ? null : entry(rel, a);
    }

    private static Entry entry(RelativePath rel, SftpClient.Attributes a) {
        Instant modified = a.getModifyTime() == null ? Instant.EPOCH : a.getModifyTime().toInstant();
        return new Entry(rel, a.isDirectory() ? 0 : a.getSize(), modified, a.isDirectory());
    }

    @Override
    public List<Entry> list(RelativePath dir, Budget budget) throws ConnectorException {
        return with("listing '" + dir + "'", budget, sftp -> {
            checkInside(sftp, dir);
            Entry folder = entry(sftp, dir);
            if (folder == null) {
                throw Failures.notFound(dir);
            }
            if (!folder.directory()) {
                throw Failures.notAFolder(dir);
            }
            List<Entry> out = new ArrayList<>();
            for (SftpClient.DirEntry d : sftp.readDir(remote(dir))) {
                if (!d.getFilename().equals(".") && !d.getFilename().equals("..")) {
                    out.add(entry(dir.child(d.getFilename()), d.getAttributes()));
                }
            }
            return out;
        });
    }

    @Override
    public Entry stat(RelativePath path, Budget budget) throws ConnectorException {
        return with("reading the attributes of '" + path + "'", budget, sftp -> {
            checkInside(sftp, path);
            return entry(sftp, path);
        });
    }

    @Override
    public byte[] read(RelativePath path, long maxBytes, Budget budget) throws ConnectorException {
        return with("reading '" + path + "'", budget, sftp -> {
            checkInside(sftp, path);
            Entry e = entry(sftp, path);
            if (e == null) {
                throw Failures.notFound(path);
            }
            if (e.directory()) {
                throw Failures.notAFile(path);
            }
            if (e.size() > maxBytes) {
                throw Failures.tooLarge(path, e.size(), maxBytes);
            }
            try (InputStream in = sftp.read(remote(path))) {
                byte[] bytes = in.readNBytes((int) maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw Failures.tooLarge(path, bytes.length, maxBytes);
                }
                return bytes;
            }
        });
    }

    @Override
    public Entry write(RelativePath path, byte[] content, boolean overwrite, boolean createDirectories,
            Budget budget) throws ConnectorException {
        return with("writing '" + path + "'", budget, sftp -> {
            checkInside(sftp, path);
            RelativePath folder = path.parent();
            if (createDirectories) {
                makeFolders(sftp, folder);
                checkInside(sftp, path);
            } else if (entry(sftp, folder) == null) {
                throw Failures.notFound(folder);
            }
            if (!overwrite && attributes(sftp, path, true) != null) {
                throw Failures.exists(path);
            }
            String temp = remote(folder.child("." + path.name() + ".weft-" + UUID.randomUUID() + ".tmp"));
            try {
                try (OutputStream out = sftp.write(temp)) {
                    out.write(content);
                }
                rename(sftp, temp, path, overwrite);
            } finally {
                removeQuietly(sftp, temp);
            }
            return entry(sftp, path);
        });
    }

    private void makeFolders(SftpClient sftp, RelativePath folder) throws IOException, ConnectorException {
        RelativePath p = RelativePath.ROOT;
        for (String s : folder.segments()) {
            p = p.child(s);
            Entry e = entry(sftp, p);
            if (e == null) {
                sftp.mkdir(remote(p));
            } else if (!e.directory()) {
                throw Failures.notAFolder(p);
            }
        }
    }

    /**
     * Renames {@code from} to {@code to}. SFTP v3's rename never replaces; replacing uses OpenSSH's
     * posix-rename (atomic) where the server has it, else deletes the target first (not atomic).
     */
    private void rename(SftpClient sftp, String from, RelativePath to, boolean overwrite)
            throws IOException, ConnectorException {
        if (overwrite) {
            OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
            if (posix != null && posix.isSupported()) {
                posix.posixRename(from, remote(to));
                return;
            }
            removeQuietly(sftp, remote(to));
        }
        try {
            sftp.rename(from, remote(to));
        } catch (SftpException e) {
            if (attributes(sftp, to, true) != null) {
                throw Failures.exists(to);
            }
            throw e;
        }
    }

    @Override
    public Entry move(RelativePath from, RelativePath to, boolean overwrite, Budget budget)
            throws ConnectorException {
        return with("moving '" + from + "' to '" + to + "'", budget, sftp -> {
            checkInside(sftp, from);
            checkInside(sftp, to);
            if (attributes(sftp, from, true) == null) {
                throw Failures.notFound(from);
            }
            if (entry(sftp, to.parent()) == null) {
                throw Failures.notFound(to.parent());
            }
            if (!overwrite && attributes(sftp, to, true) != null) {
                throw Failures.exists(to);
            }
            rename(sftp, remote(from), to, overwrite);
            return entry(sftp, to);
        });
    }

    @Override
    public boolean delete(RelativePath path, Budget budget) throws ConnectorException {
        if (path.isRoot()) {
            throw Failures.outsideRoot("path", "the root itself cannot be deleted");
        }
        return with("deleting '" + path + "'", budget, sftp -> {
            checkInside(sftp, path.parent());
            SftpClient.Attributes a = attributes(sftp, path, true);
            if (a == null) {
                return false;
            }
            if (a.isDirectory()) {
                sftp.rmdir(remote(path));
            } else {
                sftp.remove(remote(path));
            }
            return true;
        });
    }

    private static void removeQuietly(SftpClient sftp, String remote) {
        try {
            sftp.remove(remote);
        } catch (IOException e) {
            // Usually "no such file": the rename took it. Otherwise its name marks it as ours.
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Aborting a channel that is already closed.
        }
    }

    @Override
    public ConnectionTest test() {
        try {
            Entry e = stat(RelativePath.ROOT,
                    new Budget(config.connectionTimeout(), new dev.weft.connector.Cancellation()));
            if (e == null || !e.directory()) {
                return ConnectionTest.failed("connected to " + config.where() + " as " + link.user()
                        + ", but the root " + root + " is not a folder: create it or fix 'root'");
            }
            return link.test("the root " + root + " is a folder");
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
