package dev.weft.engine.flow;

/** JSON Pointers (RFC 6901), the paths problems are reported at. */
final class Pointers {
    private Pointers() {
    }

    static String child(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /** The pointer one level up, or null for the root. */
    static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash < 0 ? null : pointer.substring(0, slash);
    }
}
