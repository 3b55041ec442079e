package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The browser connector's one operation, {@code browser.run}, declared once: its input (the actions, each an
 * object with one field naming it) and output schemas, and examples. The docs page and the platform's input
 * validation read these; {@link BrowserRun} does the run.
 */
final class Operations {
    private static final String SELECTOR = """
            "selector": {"type": "string", "minLength": 1, "description": "a CSS selector; the first element it matches"}""";
    private static final String NAME = """
            "name": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]{0,63}$", "description": "the key of the result in values or blobs"}""";
    private static final String ACTIONS = """
            {"type": "array", "minItems": 1, "description": "what to do, in order; each an object with one field naming the action", "items": {"oneOf": [
              {"type": "object", "additionalProperties": false, "required": ["goto"], "properties": {"goto": {"type": "object", "additionalProperties": false, "required": ["url"], "properties": {
                "url": {"type": "string", "pattern": "^https?://", "description": "loads the page and waits until it is complete"}}}}},
              {"type": "object", "additionalProperties": false, "required": ["fill"], "properties": {"fill": {"type": "object", "additionalProperties": false, "required": ["selector"], "properties": {
                %1$s,
                "value": {"type": "string", "description": "the text to type"},
                "credential": {"enum": ["username", "password"], "description": "types the system's basic credential's field instead; never shown"}}}}},
              {"type": "object", "additionalProperties": false, "required": ["click"], "properties": {"click": {"type": "object", "additionalProperties": false, "required": ["selector"], "properties": {
                %1$s}}}},
              {"type": "object", "additionalProperties": false, "required": ["select"], "properties": {"select": {"type": "object", "additionalProperties": false, "required": ["selector", "value"], "properties": {
                %1$s, "value": {"type": "string", "description": "the option's value, or its text"}}}}},
              {"type": "object", "additionalProperties": false, "required": ["waitFor"], "properties": {"waitFor": {"type": "object", "additionalProperties": false, "required": ["selector"], "properties": {
                %1$s, "timeout": {"type": "string", "description": "how long to wait, such as 5s; the rest of the run's budget by default"}}}}},
              {"type": "object", "additionalProperties": false, "required": ["extract"], "properties": {"extract": {"type": "object", "additionalProperties": false, "required": ["name", "selector"], "properties": {
                %2$s, %1$s,
                "as": {"enum": ["text", "all", "attribute", "table"], "default": "text", "description": "text: the element's text; all: the text of every match; attribute: the attribute named; table: the rows of the table, objects keyed by its header cells (lists of cells without one). A second table or all extract of the same name adds to its list"},
                "attribute": {"type": "string", "minLength": 1, "description": "the attribute to read, such as href"}}}}},
              {"type": "object", "additionalProperties": false, "required": ["screenshot"], "properties": {"screenshot": {"type": "object", "additionalProperties": false, "required": ["name"], "properties": {
                %2$s, "fullPage": {"type": "boolean", "default": false, "description": "the whole page rather than the viewport"}}}}},
              {"type": "object", "additionalProperties": false, "required": ["download"], "properties": {"download": {"type": "object", "additionalProperties": false, "required": ["name"], "properties": {
                %2$s, %1$s,
                "url": {"type": "string", "minLength": 1, "description": "the link to fetch, relative to the page; instead of selector (whose href or src is fetched)"}}}}}]}}"""
            .formatted(SELECTOR, NAME);
    private static final String REQUESTS = """
            {"type": "array", "items": {"type": "object", "required": ["url", "type", "reason"], "properties": {
              "url": {"type": "string", "description": "without its query"}, "type": {"type": "string", "description": "Document, Image, Script, XHR, ..."}, "reason": {"type": "string"}}}}""";

    static final OperationSpec RUN = new OperationSpec("browser.run", "Starts a Chromium of its own, loads"
            + " `startUrl` when given, and does the `actions` in order: `goto {url}`, `fill {selector, value}` or"
            + " `fill {selector, credential: username|password}`, `click {selector}` (waiting for the page it"
            + " loads, if any), `select {selector, value}`, `waitFor {selector, timeout}`, `extract {name, selector,"
            + " as: text|all|attribute|table}`, `screenshot {name, fullPage}` and `download {name, selector|url}`"
            + " (both stored in the blob store). Answers `values` (by extract name), `blobs` (by name), the final"
            + " `url`, a line per action in `steps`, and the requests the egress rules `refused` or that `failed`."
            + " An action that fails names itself and its selector: `actions[3].click: no element matches"
            + " '#next'` (`browser.no_element`). The whole run is bounded by `timeout` (the system's by default,"
            + " never more than the step's): past it the run ends with `browser.timeout`, naming the action it"
            + " reached. Not idempotent: a run may submit forms.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["actions"], "properties": {
                      "startUrl": {"type": "string", "pattern": "^https?://", "description": "loaded before the actions, as a first goto"},
                      "actions": %s,
                      "timeout": {"type": "string", "description": "the run's time budget, such as 30s; the system's (60s by default) when left out"}}}"""
                    .formatted(ACTIONS)),
            parse("""
                    {"type": "object", "required": ["values", "blobs", "url", "steps", "refused", "failed"], "properties": {
                      "values": {"type": "object", "description": "what each extract read, by name"},
                      "blobs": {"type": "object", "additionalProperties": {"type": "object", "required": ["$blob", "size"]}, "description": "the screenshots and downloads, as blob references, by name"},
                      "url": {"type": "string", "description": "the page's URL when the run ended"},
                      "steps": {"type": "array", "items": {"type": "string"}, "description": "what each action did"},
                      "refused": %1$s,
                      "failed": %1$s}}"""
                    .formatted(REQUESTS)),
            false, false,
            List.of(example("Log in and read the open orders of two pages", """
                    {"startUrl": "https://portal.example.com/login", "actions": [
                      {"fill": {"selector": "#username", "credential": "username"}},
                      {"fill": {"selector": "#password", "credential": "password"}},
                      {"click": {"selector": "button[type=submit]"}},
                      {"waitFor": {"selector": "table#orders", "timeout": "10s"}},
                      {"extract": {"name": "orders", "selector": "table#orders", "as": "table"}},
                      {"click": {"selector": "a.next"}},
                      {"extract": {"name": "orders", "selector": "table#orders", "as": "table"}}]}"""),
                    example("Download this month's invoice and keep a screenshot", """
                            {"startUrl": "https://portal.example.com/invoices", "timeout": "30s", "actions": [
                              {"select": {"selector": "#month", "value": "2026-12"}},
                              {"download": {"name": "invoice", "selector": "a.invoice-pdf"}},
                              {"screenshot": {"name": "page", "fullPage": true}}]}""")));

    private Operations() {
    }

    private static Example example(String title, String input) {
        return new Example(title, parse(input), null);
    }

    static JsonNode parse(String json) {
        try {
            return Cdp.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a declaration is not JSON: " + json, e);
        }
    }
}
