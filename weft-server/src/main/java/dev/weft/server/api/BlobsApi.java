package dev.weft.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.connector.BlobRef;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.blob.BlobSettings;
import dev.weft.engine.blob.StoredBlobs;
import dev.weft.engine.store.BlobStore;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/blobs}: uploading a value into the caller's tenant's blob store, and reading one back
 * by its hash, both streamed (docs/design/blobs.md). An upload is limited by {@code blobs.maxSize}, not
 * {@code server.maxBodyBytes}. Thread-safe.
 */
public final class BlobsApi {
    private final BlobStore store;
    private final BlobSettings settings;
    private final Clock clock;
    private final dev.weft.engine.blob.BlobQuota quota;

    public BlobsApi(BlobStore store, BlobSettings settings, Clock clock,
            dev.weft.engine.blob.BlobQuota quota) {
        this.quota = quota;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("POST", "/api/v1/blobs", this::upload),
                Route.api("GET", "/api/v1/blobs/{ref}", this::download));
    }

    private void upload(Exchange x) throws JsonProcessingException {
        if (x.declaredLength() > settings.maxSize()) {
            throw tooLarge("the request declares " + x.declaredLength() + " bytes");
        }
        BlobRef ref;
        try (InputStream body = x.bodyStream()) {
            ref = StoredBlobs.of(store, x.tenant(), settings, clock, quota).put(body,
                    x.header("Content-Type"));
        } catch (IOException e) {
            throw ApiException.badRequest("body.unreadable", "the request body could not be read: "
                    + e.getMessage());
        } catch (ConnectorException e) {
            throw switch (e.code()) {
                case "blob.too_large" -> tooLarge("the body is larger");
                case "quota.stored_bytes" -> new ApiException(507, "quota.stored_bytes", e.getMessage());
                case "blob.content_type" -> ApiException.badRequest("blob.content_type", "Content-Type: "
                        + e.getMessage());
                default -> new ApiException(503, "blob.storage", e.getMessage());
            };
        }
        x.send(201, "application/json", Exchange.JSON.writeValueAsBytes(ref.toJson()),
                Map.of("Location", "/api/v1/blobs/" + ref.hash()));
    }

    private ApiException tooLarge(String what) {
        return new ApiException(413, "blob.too_large", what + " than the limit of " + settings.maxSize()
                + " bytes (" + BlobSettings.MAX_SIZE_OPTION + ")");
    }

    private void download(Exchange x) {
        String hash = x.param("ref");
        if (!BlobRef.isHash(hash)) {
            throw ApiException.badRequest("blob.ref",
                    "a blob is named by its hash, 'sha256:' and 64 lower-case"
                            + " hex digits, as in the $blob field of its reference, but was '"
                            + shortened(hash) + "'");
        }
        BlobRef ref = store.blob(x.tenant(), hash)
                .orElseThrow(() -> ApiException.notFound("no blob " + hash + " in this tenant"));
        InputStream content;
        try {
            content = StoredBlobs.of(store, x.tenant(), settings, clock).open(ref);
        } catch (ConnectorException e) {
            throw e.code().equals("blob.not_found")
                    ? ApiException.notFound(e.getMessage())
                    : new ApiException(503, "blob.storage", e.getMessage());
        }
        try (content) {
            // The bytes are whatever was stored: never rendered or sniffed as a page of this origin.
            x.stream(200, ref.contentType(), ref.size(), content, Map.of(
                    "ETag", "\"" + hash + "\"",
                    "Cache-Control", "private, max-age=31536000, immutable",
                    "X-Content-Type-Options", "nosniff",
                    "Content-Disposition", "attachment",
                    "Content-Security-Policy", "sandbox"));
        } catch (IOException closing) {
            // the answer is sent; a reader that fails to close holds nothing
        }
    }

    private static String shortened(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
