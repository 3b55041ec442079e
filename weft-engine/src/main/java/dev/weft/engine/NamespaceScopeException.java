package dev.weft.engine;

/**
 * A caller limited to some namespaces ({@link Caller#namespaces()}) asked for something outside them that
 * it may know exists: deploying or starting a flow of another namespace, or a tenant-wide resource such as
 * the event feed. (An execution or flow outside them is answered as absent instead.)
 */
public final class NamespaceScopeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NamespaceScopeException(String message) {
        super(message);
    }
}
