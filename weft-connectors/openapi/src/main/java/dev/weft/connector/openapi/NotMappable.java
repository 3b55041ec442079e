package dev.weft.connector.openapi;

/** Why a part of a document cannot become part of a call (an external {@code $ref}, a binary body...). */
final class NotMappable extends Exception {
    private static final long serialVersionUID = 1L;

    NotMappable(String reason) {
        super(reason, null, false, false);
    }
}
