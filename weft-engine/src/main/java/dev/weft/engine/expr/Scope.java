package dev.weft.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The names an expression can see: {@code input}, {@code trigger}, {@code execution}, each completed
 * step's output by its id, and inside a {@code foreach} the {@code item} and {@code index}. Values may be
 * supplied lazily (a large output stored out of line is loaded only when an expression reads it).
 * Not thread-safe; build one per evaluation site.
 */
public final class Scope {
    private final Map<String, Supplier<JsonNode>> values = new HashMap<>();
    private final Scope parent;

    private Scope(Scope parent) {
        this.parent = parent;
    }

    public static Scope empty() {
        return new Scope(null);
    }

    /** A scope that sees everything this one sees, plus what is put into it. */
    public Scope child() {
        return new Scope(this);
    }

    public Scope put(String name, JsonNode value) {
        values.put(name, () -> value);
        return this;
    }

    public Scope putLazy(String name, Supplier<JsonNode> value) {
        values.put(name, value);
        return this;
    }

    /** The value of a top-level name, or null when the name is not in scope. */
    public JsonNode get(String name) {
        Supplier<JsonNode> s = values.get(name);
        if (s != null) {
            return s.get();
        }
        return parent == null ? null : parent.get(name);
    }

    public boolean contains(String name) {
        return values.containsKey(name) || (parent != null && parent.contains(name));
    }

    /** Every visible name; inner names hide outer ones. */
    public java.util.Set<String> names() {
        java.util.Set<String> all = parent == null ? new java.util.HashSet<>() : parent.names();
        all.addAll(values.keySet());
        return all;
    }
}
