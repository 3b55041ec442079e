package dev.weft.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the route for a method and path. Templates are compiled once to patterns; {@code {path}} is the
 * one parameter that may span several segments (webhook paths). Immutable and thread-safe.
 */
public final class Router {
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    private record Compiled(Route route, Pattern pattern, List<String> params) {
    }

    /** The route found and its path parameters; {@code route} is null when only the method is wrong. */
    public record Match(Route route, Map<String, String> params, List<String> allowed) {
    }

    private final List<Route> routes;
    private final List<Compiled> compiled = new ArrayList<>();

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
        for (Route r : routes) {
            Matcher names = PARAM.matcher(r.template());
            StringBuilder regex = new StringBuilder();
            List<String> params = new ArrayList<>();
            int last = 0;
            while (names.find()) {
                regex.append(Pattern.quote(r.template().substring(last, names.start())));
                regex.append(names.group(1).equals("path") ? "(.+)" : "([^/]+)");
                params.add(names.group(1));
                last = names.end();
            }
            regex.append(Pattern.quote(r.template().substring(last)));
            compiled.add(new Compiled(r, Pattern.compile(regex.toString()), params));
        }
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * A path parameter, percent-decoded ('+' is itself in a path, not a space); a malformed escape is the
     * caller's error, named.
     */
    private static String decoded(String name, String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("path.invalid", "the path's " + name + " has a malformed"
                    + " percent-escape: each % must be followed by two hexadecimal digits (a literal % is %25)");
        }
    }

    /**
     * The match for the request, or null when no route has this path.
     *
     * @throws ApiException 400 when a path parameter is malformed
     */
    public Match match(String method, String path) {
        List<String> allowed = new ArrayList<>();
        for (Compiled c : compiled) {
            Matcher m = c.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!c.route().method().equals(method)) {
                allowed.add(c.route().method());
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < c.params().size(); i++) {
                values.put(c.params().get(i), decoded(c.params().get(i), m.group(i + 1)));
            }
            return new Match(c.route(), values, List.of());
        }
        return allowed.isEmpty() ? null : new Match(null, Map.of(), allowed);
    }
}
