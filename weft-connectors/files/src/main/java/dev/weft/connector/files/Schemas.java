package dev.weft.connector.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** The {@code files} connector's declaration. */
final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "{\"type\": \"string\", \"description\": \"relative to the system's root; no '..', not absolute.\"}";

    static final ConnectorSpec SPEC = ConnectorSpec.builder("files", "1.0.0")
            .title("Files (local folder and SFTP)")
            .description(
                    "Lists, reads, writes, moves and deletes files in a local folder or on an SFTP server,"
                            + " and starts executions for new files (files.new). Every path is relative to the system's"
                            + " root and may not leave it ('..' and absolute paths are refused with files.outside_root)."
                            + " In a local folder no symbolic link is followed: each name of a path is opened from the"
                            + " folder before it without following one, so a link swapped in meanwhile cannot lead out"
                            + " either; a path through a link is refused with files.outside_root, and listings leave"
                            + " links out. On SFTP a link whose target is outside the root is refused. SFTP verifies the server's host key against"
                            + " knownHostKey and accepts no other; its credential is basic (user and password) or"
                            + " secret (an unencrypted OpenSSH private key, with 'user' in the config). An SFTP"
                            + " server's host must pass the platform's egress rules (a private address needs egress.allow).")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false, "required": ["kind", "root"],
                             "properties": {
                               "kind": {"enum": ["local", "sftp"], "description": "a folder on the Weft host, or an SFTP server."},
                               "root": {"type": "string", "minLength": 1, "description": "local: an absolute folder path; sftp: the remote base folder. Every path is resolved under it."},
                               "host": {"type": "string", "minLength": 1, "description": "sftp: the server's host name or address."},
                               "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 22, "description": "sftp: the server's port."},
                               "user": {"type": "string", "minLength": 1, "description": "sftp: the user name for a private-key (secret) credential."},
                               "knownHostKey": {"type": "string", "pattern": "^SHA256:", "description": "sftp, required: the server's host key fingerprint as ssh-keygen -lf prints it (SHA256:...); no other key is accepted."},
                               "connectionTimeout": {"type": "integer", "minimum": 1, "default": 10000, "description": "sftp: milliseconds to connect and log in."}}}
                            """))
            .credentials(CredentialType.BASIC, CredentialType.SECRET)
            .operation(new OperationSpec("files.list",
                    "Lists a folder's files and folders, optionally only the names matching a glob.",
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"path\": "
                            + PATH
                            + ", \"glob\": {\"type\": \"string\", \"description\": \"for example *.csv; matched against the name.\"}}}"),
                    parse("""
                            {"type": "object", "required": ["entries"], "additionalProperties": false, "properties": {"entries": {"type": "array", "items":
                              {"type": "object", "required": ["name", "path", "size", "modified", "directory"], "additionalProperties": false, "properties": {
                                "name": {"type": "string"}, "path": {"type": "string"}, "size": {"type": "integer"},
                                "modified": {"type": "string", "format": "date-time"}, "directory": {"type": "boolean"}}}}}}
                            """),
                    true, true,
                    List.of(new Example("List the CSV files in the inbox",
                            parse("{\"path\": \"inbox\", \"glob\": \"*.csv\"}"),
                            parse("{\"entries\": [{\"name\": \"orders.csv\", \"path\": \"inbox/orders.csv\", \"size\": 1024, \"modified\": \"2026-11-22T07:00:00Z\", \"directory\": false}]}")))))
            .operation(new OperationSpec("files.read",
                    "Reads a file as UTF-8 text or base64; refuses files larger than maxBytes (10 MiB by default) with files.too_large.",
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"path\"], \"properties\": {\"path\": "
                            + PATH
                            + ", \"encoding\": {\"enum\": [\"text\", \"base64\"], \"default\": \"text\"}, \"maxBytes\": {\"type\": \"integer\", \"minimum\": 0, \"default\": 10485760}}}"),
                    parse("{\"type\": \"object\", \"required\": [\"content\", \"size\", \"modified\"], \"additionalProperties\": false, \"properties\": {\"content\": {\"type\": \"string\"}, \"size\": {\"type\": \"integer\"}, \"modified\": {\"type\": [\"string\", \"null\"]}}}"),
                    true, true,
                    List.of(new Example("Read an order file", parse("{\"path\": \"inbox/orders.csv\"}"),
                            parse("{\"content\": \"id,total\\n7,12.50\\n\", \"size\": 17, \"modified\": \"2026-11-22T07:00:00Z\"}")))))
            .operation(new OperationSpec("files.write",
                    "Writes a file: the content goes to a temporary name in the same folder, then is renamed, so readers never see half a file. Fails with files.exists unless overwrite is true.",
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"path\", \"content\"], \"properties\": {\"path\": "
                            + PATH
                            + ", \"content\": {\"type\": \"string\"}, \"encoding\": {\"enum\": [\"text\", \"base64\"], \"default\": \"text\"}, \"overwrite\": {\"type\": \"boolean\", \"default\": false}, \"createDirectories\": {\"type\": \"boolean\", \"default\": true}}}"),
                    pathAndSize(), false,
                    List.of(new Example("Write a report", parse(
                            "{\"path\": \"outbox/report.csv\", \"content\": \"id,total\\n\", \"overwrite\": true}"),
                            parse("{\"path\": \"outbox/report.csv\", \"size\": 9}")))))
            .operation(new OperationSpec("files.move",
                    "Moves or renames a file; fails with files.exists unless overwrite is true.",
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"from\", \"to\"], \"properties\": {\"from\": "
                            + PATH
                            + ", \"to\": " + PATH
                            + ", \"overwrite\": {\"type\": \"boolean\", \"default\": false}}}"),
                    pathAndSize(), false,
                    List.of(new Example("Move a processed file",
                            parse("{\"from\": \"inbox/orders.csv\", \"to\": \"done/orders.csv\"}"),
                            parse("{\"path\": \"done/orders.csv\", \"size\": 1024}")))))
            .operation(new OperationSpec("files.delete",
                    "Deletes a file or an empty folder; deleted is false when there was none.",
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"path\"], \"properties\": {\"path\": "
                            + PATH + "}}"),
                    parse("{\"type\": \"object\", \"required\": [\"deleted\"], \"additionalProperties\": false, \"properties\": {\"deleted\": {\"type\": \"boolean\"}}}"),
                    true,
                    List.of(new Example("Delete a processed file", parse("{\"path\": \"done/orders.csv\"}"),
                            parse("{\"deleted\": true}")))))
            .trigger(new TriggerSpec("files.new",
                    "Polls a folder and starts an execution for each new file, oldest first."
                            + " A file is reported once per version: its event id is path@modified:size, so a file rewritten"
                            + " later is a new event. Files younger than minAge are left for a later poll (they may still be"
                            + " written). The event carries the file's name and attributes, not its content: read it with a"
                            + " files.read step. A file that appears with a modification time older than the last one"
                            + " reported (moved in with its time kept) is not reported.",
                    TriggerKind.POLLING,
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"path\": "
                            + PATH
                            + ", \"glob\": {\"type\": \"string\"}, \"minAge\": {\"type\": \"integer\", \"minimum\": 0, \"default\": 1000, \"description\": \"milliseconds since a file's last change before it is reported.\"}}}"),
                    parse("{\"type\": \"object\", \"required\": [\"name\", \"path\", \"size\", \"modified\"], \"additionalProperties\": false, \"properties\": {\"name\": {\"type\": \"string\"}, \"path\": {\"type\": \"string\"}, \"size\": {\"type\": \"integer\"}, \"modified\": {\"type\": \"string\"}}}"),
                    List.of(new Example("Start a flow for each new CSV file in the inbox",
                            parse("{\"path\": \"inbox\", \"glob\": \"*.csv\"}"),
                            parse("{\"name\": \"orders.csv\", \"path\": \"inbox/orders.csv\", \"size\": 1024, \"modified\": \"2026-11-22T07:00:00Z\"}")))))
            .build();

    private Schemas() {
    }

    private static JsonNode pathAndSize() {
        return parse(
                "{\"type\": \"object\", \"required\": [\"path\", \"size\"], \"additionalProperties\": false, \"properties\": {\"path\": {\"type\": \"string\"}, \"size\": {\"type\": \"integer\"}}}");
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
