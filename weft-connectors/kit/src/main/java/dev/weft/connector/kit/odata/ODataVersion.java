package dev.weft.connector.kit.odata;

import java.util.Locale;

/** The OData protocol version a service speaks: the shape of its JSON answers and of its literals. */
public enum ODataVersion {
    /** OData 2.0 (verbose JSON: {@code {"d": {"results": [...], "__next": ...}}}), as most SAP Gateway services. */
    V2,
    /** OData 4.0 ({@code {"value": [...], "@odata.nextLink": ...}}), as Dataverse and SAP's RAP services. */
    V4;

    /** {@code v2} or {@code v4} as a system's configuration writes it, or null for anything else. */
    public static ODataVersion of(String text) {
        return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
            case "v2", "2", "2.0" -> V2;
            case "v4", "4", "4.0" -> V4;
            default -> null;
        };
    }
}
