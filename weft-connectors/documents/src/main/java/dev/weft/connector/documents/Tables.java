package dev.weft.connector.documents;

import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.slf4j.Logger;
import technology.tabula.ObjectExtractor;
import technology.tabula.Page;
import technology.tabula.Rectangle;
import technology.tabula.Table;
import technology.tabula.detectors.NurminenDetectionAlgorithm;
import technology.tabula.extractors.BasicExtractionAlgorithm;
import technology.tabula.extractors.SpreadsheetExtractionAlgorithm;

/**
 * The tables of a document's pages, by Tabula: tables drawn with ruling lines are read cell by cell
 * (Tabula's lattice mode); on a page without any, the areas Tabula's detector takes for tables are read by
 * column alignment (stream mode). Stateless.
 */
final class Tables {
    /** One table: its page and its rows of cell texts, each row as wide as the widest. */
    record Extracted(int page, List<List<String>> rows) {
        Extracted {
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    private Tables() {
    }

    /** The tables Tabula finds on the pages of {@code range}. */
    static List<Extracted> detect(PDDocument document, PageRange range, Deadline deadline,
            Logger log) throws ConnectorException {
        List<Extracted> tables = new ArrayList<>();
        forEachPage(document, range, deadline, log, page -> {
            SpreadsheetExtractionAlgorithm lattice = new SpreadsheetExtractionAlgorithm();
            List<Table> found = lattice.extract(page);
            if (found.stream().allMatch(t -> t.getRowCount() < 2)) {
                found = new ArrayList<>();
                BasicExtractionAlgorithm stream = new BasicExtractionAlgorithm();
                for (Rectangle area : new NurminenDetectionAlgorithm().detect(page)) {
                    found.addAll(stream.extract(page.getArea(area)));
                }
            }
            for (Table t : found) {
                add(tables, page.getPageNumber(), t);
            }
        });
        return tables;
    }

    /**
     * Each page of {@code range} read as one table by column alignment (Tabula's stream mode on the whole
     * page): for finding an invoice's line items where the detector drew no area around them.
     */
    static List<Extracted> wholePages(PDDocument document, PageRange range, Deadline deadline,
            Logger log) throws ConnectorException {
        List<Extracted> tables = new ArrayList<>();
        forEachPage(document, range, deadline, log, page -> {
            for (Table t : new BasicExtractionAlgorithm().extract(page)) {
                add(tables, page.getPageNumber(), t);
            }
        });
        return tables;
    }

    private interface PageWork {
        void on(Page page);
    }

    private static void forEachPage(PDDocument document, PageRange range, Deadline deadline,
            Logger log,
            PageWork work) throws ConnectorException {
        // Not closed: closing Tabula's extractor closes the document, which the caller owns.
        ObjectExtractor extractor = new ObjectExtractor(document);
        for (int number : range.pages()) {
            deadline.check(number, "tables");
            try {
                work.on(extractor.extract(number));
            } catch (RuntimeException e) {
                // Tabula fails on some odd pages (degenerate rulings): that page has no tables, the rest do.
                log.warn("no tables read on page {}: Tabula failed ({})", number, e.toString());
            }
        }
    }

    @SuppressWarnings("rawtypes") // Tabula's Table.getRows() is declared with raw cell types
    private static void add(List<Extracted> tables, int page, Table table) {
        List<List<String>> rows = new ArrayList<>();
        for (var row : table.getRows()) {
            List<String> cells = new ArrayList<>();
            for (var cell : row) {
                cells.add(cell.getText().replaceAll("\\s+", " ").strip());
            }
            if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                rows.add(cells);
            }
        }
        if (!rows.isEmpty()) {
            tables.add(new Extracted(page, rows));
        }
    }
}
