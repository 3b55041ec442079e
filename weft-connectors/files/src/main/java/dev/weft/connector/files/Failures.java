package dev.weft.connector.files;

import dev.weft.connector.ConnectorException;

/** The {@code files.*} errors, so that every store reports the same codes for the same failure. */
final class Failures {
    private Failures() {
    }

    static ConnectorException notFound(RelativePath path) {
        return ConnectorException.permanent("files.not_found",
                "no file or folder at '" + path + "' under the system's root: check the path", null, null);
    }

    static ConnectorException exists(RelativePath path) {
        return ConnectorException.permanent("files.exists", "'" + path
                + "' exists already: set overwrite to true to replace it, or choose another path", null,
                null);
    }

    static ConnectorException outsideRoot(String field, String problem) {
        return ConnectorException.permanent("files.outside_root", "'" + field + "': " + problem, null, null);
    }

    static ConnectorException tooLarge(RelativePath path, long size, long maxBytes) {
        return ConnectorException.permanent("files.too_large", "'" + path + "' has " + size
                + " bytes, more than maxBytes (" + maxBytes + "): raise maxBytes or read a smaller file",
                null, null);
    }

    static ConnectorException notAFile(RelativePath path) {
        return ConnectorException.permanent("files.not_a_file",
                "'" + path + "' is a folder, not a file: give a file's path", null, null);
    }

    static ConnectorException notAFolder(RelativePath path) {
        return ConnectorException.permanent("files.not_a_folder",
                "'" + path + "' is a file, not a folder: give a folder's path", null, null);
    }

    static ConnectorException auth(String user) {
        return ConnectorException.permanent("files.auth", "the SFTP server refused user '" + user
                + "': check the credential's password or private key", null, null);
    }

    static ConnectorException hostKey(String expected, String actual) {
        return ConnectorException.permanent("files.host_key", "the SFTP server's host key is " + actual
                + ", not the configured knownHostKey " + expected
                + ": if the server's key really changed, update knownHostKey; otherwise someone may be"
                + " in the middle", null, null);
    }

    static ConnectorException unreachable(String where, Throwable cause) {
        return ConnectorException.retryable("files.unreachable", "could not reach " + where + ": "
                + describe(cause) + "; check host and port, and that the server runs", null, cause);
    }

    static ConnectorException io(String what, Throwable cause) {
        return ConnectorException.retryable("files.io", what + " failed: " + describe(cause), null, cause);
    }

    static ConnectorException cancelled(String reason) {
        return ConnectorException.retryable("files.cancelled", "the call was cancelled: " + reason, null,
                null);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }
}
