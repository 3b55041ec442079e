package dev.weft.engine.expr;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link Scope} as the Java map JSONata reads as its input {@code $}. A name's value is converted from
 * JSON when first read and kept; names never read are never loaded or converted. Iterating the map (as
 * {@code $keys($)} or {@code $string($)} do) loads everything. Not thread-safe, like its scope.
 */
final class ScopeView extends AbstractMap<String, Object> {
    private static final Object ABSENT = new Object();

    private final Scope scope;
    private final Map<String, Object> converted = new HashMap<>();

    ScopeView(Scope scope) {
        this.scope = scope;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        Object value = converted.get(name);
        if (value == null) {
            if (scope.hasOwn(name)) {
                value = Values.toJava(scope.get(name));
            } else if (scope.parent() != null) {
                return scope.parent().javaView().get(name); // cached in the parent, shared by siblings
            }
            converted.put(name, value == null ? ABSENT : value);
        }
        return value == ABSENT ? null : value;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && scope.contains(name);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> entries = new LinkedHashSet<>();
        for (String name : new TreeSet<>(scope.names())) { // sorted: $keys($) must not vary
            entries.add(new SimpleImmutableEntry<>(name, get(name)));
        }
        return entries;
    }
}
