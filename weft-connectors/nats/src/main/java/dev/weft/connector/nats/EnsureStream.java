package dev.weft.connector.nats;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code nats.ensure_stream}: creates a JetStream stream, or checks that it exists with the same subjects,
 * storage and duplicate window (ensuring it again changes nothing; a stream that exists with other
 * settings is an error, never silently changed). Thread-safe.
 */
final class EnsureStream {
    static final String NAME = "nats.ensure_stream";
    /** The server's own default duplicate window, two minutes. */
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    private static final Inputs INPUTS = Inputs.ofOperation(NAME);
    private static final Set<String> FIELDS = Set.of("name", "subjects", "storage", "duplicateWindow");

    private final ServerLink link;

    EnsureStream(ServerLink link) {
        this.link = link;
    }

    /** An ensure_stream's input, checked. */
    record Wanted(String name, List<String> subjects, StorageType storage, Duration duplicateWindow) {

        static Wanted parse(JsonNode input) throws ConnectorException {
            INPUTS.requireObject(input, FIELDS);
            String name = INPUTS.required(input, "name", "ORDERS");
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw INPUTS.invalid("name", "may hold only letters, digits, '_' and '-', but was '" + name
                        + "'");
            }
            List<String> subjects = INPUTS.strings(input, "subjects", "orders.>");
            String storage = INPUTS.text(input, "storage", "file");
            if (!storage.equals("file") && !storage.equals("memory")) {
                throw INPUTS.invalid("storage", "must be \"file\" or \"memory\", but was '" + storage + "'");
            }
            int window = INPUTS.integer(input, "duplicateWindow", (int) DUPLICATE_WINDOW.toMillis(), 1,
                    Integer.MAX_VALUE);
            return new Wanted(name, subjects, storage.equals("file") ? StorageType.File : StorageType.Memory,
                    Duration.ofMillis(window));
        }

        StreamConfiguration configuration() {
            return StreamConfiguration.builder().name(name).subjects(subjects).storageType(storage)
                    .duplicateWindow(duplicateWindow).build();
        }

        /** What differs between this and an existing stream's configuration, or null when nothing does. */
        String difference(StreamConfiguration existing) {
            if (!new HashSet<>(existing.getSubjects()).equals(new HashSet<>(subjects))) {
                return "subjects " + existing.getSubjects() + " instead of " + subjects;
            }
            if (existing.getStorageType() != storage) {
                return "storage " + existing.getStorageType().toString().toLowerCase(Locale.ROOT);
            }
            if (!existing.getDuplicateWindow().equals(duplicateWindow)) {
                return "a duplicate window of " + existing.getDuplicateWindow().toMillis() + " ms";
            }
            return null;
        }
    }

    JsonNode invoke(Call call) throws ConnectorException {
        Wanted wanted = Wanted.parse(call.input());
        String doing = "ensuring stream '" + wanted.name() + "'";
        try {
            JetStreamManagement jsm = link.connection().jetStreamManagement(JetStreamOptions.builder()
                    .requestTimeout(call.timeout()).build());
            StreamInfo info = existing(jsm, wanted.name());
            boolean created = info == null;
            if (created) {
                // Adding a stream with the very same configuration again succeeds, so a race with another
                // caller ends in the same stream.
                info = jsm.addStream(wanted.configuration());
            } else {
                String difference = wanted.difference(info.getConfiguration());
                if (difference != null) {
                    throw ConnectorException.permanent("nats.stream_mismatch", doing + ": it exists with "
                            + difference + "; use the same settings or another name (Weft never changes an"
                            + " existing stream)", null, null);
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("stream", wanted.name());
            out.put("created", created);
            out.put("messages", info.getStreamState().getMsgCount());
            return out;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw Failures.of(e, doing, link.where());
        }
    }

    private static StreamInfo existing(JetStreamManagement jsm, String name) throws IOException,
            JetStreamApiException {
        try {
            return jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == Failures.STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
