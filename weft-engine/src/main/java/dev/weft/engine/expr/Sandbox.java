package dev.weft.engine.expr;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles and evaluates JSONata under bounds: at most {@link #TIME_LIMIT} per evaluation and
 * {@link #DEPTH_LIMIT} nested calls. JSONata (dashjoin's implementation) reaches no Java class,
 * file, environment variable or network address unless a function is registered for it, and Weft
 * registers none.
 */
final class Sandbox {
    static final Duration TIME_LIMIT = Duration.ofSeconds(1);
    static final int DEPTH_LIMIT = 200;

    private Sandbox() {
    }

    static Jsonata compile(String expression, int offset) throws ExpressionException {
        try {
            return Jsonata.jsonata(expression);
        } catch (JException e) {
            throw new ExpressionException(e.getMessage(), offset + Math.max(0, e.getLocation()), e);
        } catch (RuntimeException e) {
            throw new ExpressionException("invalid expression: " + e.getMessage(), offset, e);
        }
    }

    static Object evaluate(Jsonata expression, int offset, Scope scope) throws ExpressionException {
        Jsonata.Frame frame = expression.createFrame();
        frame.setRuntimeBounds(TIME_LIMIT.toMillis(), DEPTH_LIMIT);
        try {
            return expression.evaluate(new ScopeMap(scope), frame);
        } catch (JException e) {
            throw new ExpressionException(e.getMessage(), offset + Math.max(0, e.getLocation()), e);
        } catch (StackOverflowError e) {
            throw new ExpressionException("expression nested too deeply", offset, null);
        } catch (RuntimeException e) {
            throw new ExpressionException("expression failed: " + e.getMessage(), offset, e);
        }
    }

    /** The scope as the root JSON object JSONata navigates; values are converted when read. */
    private static final class ScopeMap extends AbstractMap<String, Object> {
        private final Scope scope;

        ScopeMap(Scope scope) {
            this.scope = scope;
        }

        @Override
        public Object get(Object key) {
            return key instanceof String name ? Values.toJava(scope.get(name)) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && scope.contains(name);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return scope.names().stream()
                    .map(n -> (Entry<String, Object>) new SimpleImmutableEntry<String, Object>(n, get(n)))
                    .collect(Collectors.toSet());
        }
    }
}
