package dev.weft.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The names an expression can see: {@code input}, {@code trigger}, {@code execution} ({@code id},
 * {@code flow}, {@code startedAt}), each completed step's output by its id, inside a {@code foreach} the
 * {@code item} and {@code index}, and in an error handler {@code error}. Values may be supplied lazily (a
 * large output stored out of line is loaded only when an expression reads it). The Java form JSONata
 * works on is made once per name and kept, so many evaluations against one scope convert each value at
 * most once; a child scope reuses its parent's. Not thread-safe; build one per evaluation site and do not
 * change a value's JSON after putting it.
 */
public final class Scope {
    private final Map<String, Supplier<JsonNode>> values = new HashMap<>();
    private final Scope parent;
    private ScopeView view;

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
        view = null;
        return this;
    }

    /** Puts a value computed on first use; the supplier is called at most once, and never when unused. */
    public Scope putLazy(String name, Supplier<JsonNode> value) {
        values.put(name, new Memo(value));
        view = null;
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
    public Set<String> names() {
        Set<String> all = parent == null ? new HashSet<>() : parent.names();
        all.addAll(values.keySet());
        return all;
    }

    boolean hasOwn(String name) {
        return values.containsKey(name);
    }

    Scope parent() {
        return parent;
    }

    /** This scope as the root object JSONata navigates, converted lazily and cached. */
    Map<String, Object> javaView() {
        if (view == null) {
            view = new ScopeView(this);
        }
        return view;
    }

    private static final class Memo implements Supplier<JsonNode> {
        private Supplier<JsonNode> source;
        private JsonNode value;

        Memo(Supplier<JsonNode> source) {
            this.source = source;
        }

        @Override
        public JsonNode get() {
            if (source != null) {
                value = source.get();
                source = null;
            }
            return value;
        }
    }
}
