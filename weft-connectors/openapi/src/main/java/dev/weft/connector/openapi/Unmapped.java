package dev.weft.connector.openapi;

import java.util.List;

/**
 * An operation of a document that a system cannot call, and why: it has no {@code operationId}, its body is
 * multipart, a form, XML or binary, it takes a cookie, it declares callbacks, it refers to another
 * document. Immutable.
 *
 * @param operationId its operationId, or null when it has none
 */
public record Unmapped(String operationId, String method, String path, List<String> reasons) {
    public Unmapped {
        reasons = List.copyOf(reasons);
    }

    /** {@code uploadFile POST /pet/{petId}/uploadImage} or {@code POST /pet (no operationId)}. */
    public String label() {
        return (operationId == null ? "" : operationId + " ") + method + " " + path;
    }
}
