/**
 * The cursor of a connector's {@code <connector>.changed} polling trigger, written once: a high-water mark on
 * the vendor's modified-since field, the ids already taken at that mark (so that records sharing it are
 * neither lost nor taken twice, the vendor's filter being "at or after the mark"), and where to read on when a
 * whole page shares the mark. {@link dev.weft.connector.kit.changes.ChangeCursor} holds it,
 * {@link dev.weft.connector.kit.changes.CursorFormat} says how one trigger stores it.
 */
package dev.weft.connector.kit.changes;
