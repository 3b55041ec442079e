package dev.weft.connector.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written pet store documents of the tests' resources. */
final class Fixtures {
    static final String V30 = "petstore-3.0.yaml";
    static final String V31 = "petstore-3.1.yaml";
    static final String V20 = "petstore-2.0.json";

    private Fixtures() {
    }

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApiDocument document(String resource) {
        try {
            return OpenApiDocument.parse(text(resource), resource);
        } catch (DocumentException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
