package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The scripts the actions run in the page, each a function called with JSON-quoted arguments. Each answers
 * {@code {missing: true}} when its selector matches nothing, so that the run can say which action and
 * selector failed; an invalid selector throws the page's own {@code SyntaxError}.
 */
final class Scripts {
    /**
     * Types {@code value}; when {@code origins} is a list (a credential's fill), only if the element's document
     * is of one of them, checked in this same evaluation so that no navigation comes between. The page's own
     * scripts cannot fake the check: {@code document} and {@code location} are unforgeable, and the list is
     * compared by a loop over our own array literal, not by a method a page could replace.
     */
    static final String FILL = """
            (selector, value, origins) => {
              const el = document.querySelector(selector);
              if (!el) return {missing: true};
              if (origins !== null) {
                const origin = document.location.origin;
                let allowed = el.ownerDocument === document;
                let listed = false;
                for (let i = 0; i < origins.length; i++) if (origins[i] === origin) listed = true;
                if (!allowed || !listed) return {wrongOrigin: String(origin)};
              }
              el.focus();
              el.value = value;
              el.dispatchEvent(new Event('input', {bubbles: true}));
              el.dispatchEvent(new Event('change', {bubbles: true}));
              return {tag: el.tagName.toLowerCase()};
            }""";
    /** Clicks, then lets the tasks the click queued (a form's submission, a timer) start. */
    static final String CLICK = """
            async (selector) => {
              const el = document.querySelector(selector);
              if (!el) return {missing: true};
              el.scrollIntoView({block: 'center'});
              el.click();
              await new Promise(done => setTimeout(done, 50));
              return {tag: el.tagName.toLowerCase()};
            }""";
    static final String SELECT = """
            (selector, value) => {
              const el = document.querySelector(selector);
              if (!el) return {missing: true};
              const option = Array.from(el.options || []).find(o => o.value === value || o.text.trim() === value);
              if (!option) return {noOption: true, options: Array.from(el.options || []).map(o => o.value)};
              el.value = option.value;
              el.dispatchEvent(new Event('input', {bubbles: true}));
              el.dispatchEvent(new Event('change', {bubbles: true}));
              return {value: option.value};
            }""";
    /** Polls for the selector in the page until it matches or {@code millis} pass. */
    static final String WAIT_FOR = """
            (selector, millis) => new Promise(done => {
              const until = Date.now() + millis;
              const poll = () => {
                if (document.querySelector(selector)) return done({found: true});
                if (Date.now() >= until) return done({missing: true});
                setTimeout(poll, 50);
              };
              poll();
            })""";
    static final String EXTRACT = """
            (selector, read, attribute) => {
              const text = el => (el.innerText ?? el.textContent ?? '').trim();
              if (read === 'ALL') return {value: Array.from(document.querySelectorAll(selector)).map(text)};
              const el = document.querySelector(selector);
              if (!el) return {missing: true};
              if (read === 'TEXT') return {value: text(el)};
              if (read === 'ATTRIBUTE') return {value: el.getAttribute(attribute)};
              const table = el.tagName === 'TABLE' ? el : (el.closest('table') || el.querySelector('table'));
              if (!table) return {notTable: el.tagName.toLowerCase()};
              const rows = Array.from(table.rows);
              let header = null;
              if (table.tHead && table.tHead.rows.length) header = Array.from(table.tHead.rows[0].cells).map(text);
              else if (rows.length && Array.from(rows[0].cells).every(c => c.tagName === 'TH')) header = Array.from(rows[0].cells).map(text);
              const body = rows.filter(r => !(table.tHead && table.tHead.contains(r))).slice(header && !table.tHead ? 1 : 0);
              return {value: body.map(r => {
                const cells = Array.from(r.cells).map(text);
                if (!header) return cells;
                const row = {};
                cells.forEach((c, i) => row[header[i] || ('column' + (i + 1))] = c);
                return row;
              })};
            }""";
    /** The absolute URL the element links to (its href, else its src). */
    static final String LINK = """
            (selector) => {
              const el = document.querySelector(selector);
              if (!el) return {missing: true};
              const link = el.href || el.src || el.getAttribute('href');
              return link ? {url: new URL(link, location.href).href} : {noLink: el.tagName.toLowerCase()};
            }""";
    /**
     * Replaces {@code secret} in the page's visible text (text nodes, and the values of inputs that show
     * their text) with {@code mask}, in the page and in the iframes whose documents it may reach (same-origin
     * ones; a cross-origin iframe's document is another process's and is not masked); password inputs show dots
     * already and keep their value.
     */
    static final String MASK_TEXT = """
            (secret, mask) => {
              const mask1 = doc => {
                const walker = doc.createTreeWalker(doc.body || doc.documentElement, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  if (node.nodeValue.includes(secret)) node.nodeValue = node.nodeValue.split(secret).join(mask);
                }
                for (const input of doc.querySelectorAll('input:not([type=password]), textarea')) {
                  if (input.value.includes(secret)) input.value = input.value.split(secret).join(mask);
                }
                for (const frame of doc.querySelectorAll('iframe, frame')) {
                  let inner = null;
                  try { inner = frame.contentDocument; } catch (e) { inner = null; }
                  if (inner && (inner.body || inner.documentElement)) mask1(inner);
                }
              };
              mask1(document);
              return {};
            }""";
    static final String RESOLVE = "(url) => ({url: new URL(url, location.href).href})";

    private Scripts() {
    }

    /** {@code (function)(arg, ...)}, every argument a JSON string. */
    static String call(String function, String... args) {
        return "(" + function + ")(" + Arrays.stream(args).map(a -> TextNode.valueOf(a).toString())
                .collect(Collectors.joining(", ")) + ")";
    }

    /** {@link #FILL} of {@code value}, typed only into a page of one of {@code origins} unless that is null. */
    static String fill(String selector, String value, java.util.List<String> origins) {
        String list = origins == null
                ? "null"
                : origins.stream().map(o -> TextNode.valueOf(o).toString())
                        .collect(Collectors.joining(", ", "[",
                                "]"));
        return "(" + FILL + ")(" + TextNode.valueOf(selector) + ", " + TextNode.valueOf(value) + ", " + list
                + ")";
    }

    /** As {@link #call}, with a number as the last argument. */
    static String call(String function, String arg, long number) {
        return "(" + function + ")(" + TextNode.valueOf(arg) + ", " + number + ")";
    }
}
