package dev.weft.connector.documents;

import dev.weft.connector.ConnectorException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * The text of a document's pages as PDFBox reads it in reading order, and where it stands: lines of
 * segments, a segment being words set close together (a label, a value, a table cell). The invoice rules
 * read labels and the values beside or below them from it. Immutable once read.
 */
final class Layout {
    /** A gap between words wider than this many font sizes starts a new segment (a column). */
    private static final float SEGMENT_GAP_EMS = 0.9f;
    private static final float MIN_SEGMENT_GAP = 5f;

    /** Words set close together on one line; coordinates in points, y downwards from the page's top. */
    record Segment(String text, float x0, float x1, float y, float size) {
        boolean overlapsHorizontally(Segment other) {
            return x0 <= other.x1 && other.x0 <= x1;
        }
    }

    /** One line of a page, its segments left to right. */
    record Line(int page, float y, List<Segment> segments) {
        Line {
            segments = List.copyOf(segments);
        }

        String text() {
            return segments.stream().map(Segment::text).collect(Collectors.joining("  "));
        }
    }

    /**
     * One page: its plain text (lines as PDFBox writes them) and its lines of segments.
     *
     * @param transcribed whether the text is a model's transcription of the page's image (OCR)
     */
    record Page(int number, String text, List<Line> lines, boolean transcribed) {
        Page {
            lines = List.copyOf(lines);
        }
    }

    /** Points per character of a transcription's column, a 10 pt font's average width, for its layout. */
    private static final float TRANSCRIPT_CHAR_WIDTH = 5f;
    private static final float TRANSCRIPT_LINE_HEIGHT = 14f;
    private static final java.util.regex.Pattern COLUMN_GAP = java.util.regex.Pattern.compile("\\t|\\s{2,}");

    /**
     * A page read from a transcription of its image: each text line a line, columns separated by a tab or
     * two spaces its segments, placed as a 10 pt monospaced text would be, so that the invoice rules read
     * labels and values beside or below each other as on a page with a text layer.
     */
    static Page transcribed(int number, String text) {
        List<Line> lines = new ArrayList<>();
        String[] rows = text.strip().split("\\R");
        for (int r = 0; r < rows.length; r++) {
            float y = (r + 1) * TRANSCRIPT_LINE_HEIGHT;
            List<Segment> segments = new ArrayList<>();
            java.util.regex.Matcher gap = COLUMN_GAP.matcher(rows[r]);
            int start = 0;
            while (start <= rows[r].length()) {
                int end = gap.find(start) ? gap.start() : rows[r].length();
                String cell = rows[r].substring(start, end);
                if (!cell.isBlank()) {
                    int lead = cell.length() - cell.stripLeading().length();
                    float x0 = (start + lead) * TRANSCRIPT_CHAR_WIDTH;
                    segments.add(
                            new Segment(cell.strip(), x0, x0 + cell.strip().length() * TRANSCRIPT_CHAR_WIDTH,
                                    y, 10f));
                }
                if (end == rows[r].length()) {
                    break;
                }
                start = gap.end();
            }
            if (!segments.isEmpty()) {
                lines.add(new Line(number, y, segments));
            }
        }
        return new Page(number, text.strip(), lines, true);
    }

    private Layout() {
    }

    /**
     * Reads the pages of {@code range}, checking the call's {@code deadline} between pages.
     *
     * @throws ConnectorException {@code documents.cancelled}, {@code documents.timeout}, or
     *     {@code documents.damaged} when PDFBox cannot read a page's content
     */
    static List<Page> read(PDDocument document, PageRange range, Deadline deadline)
            throws ConnectorException {
        List<Page> pages = new ArrayList<>();
        try {
            for (int number : range.pages()) {
                deadline.check(number, "text");
                Stripper stripper = new Stripper(number);
                StringWriter text = new StringWriter();
                stripper.writeText(document, text);
                pages.add(new Page(number, text.toString().strip(), stripper.lines, false));
            }
        } catch (IOException e) {
            throw Failures.damaged("document", e);
        }
        return pages;
    }

    /** Whether any of {@code pages} has text. */
    static boolean hasText(List<Page> pages) {
        return pages.stream().anyMatch(p -> !p.text().isBlank());
    }

    /** Records each word PDFBox writes, with its position, into lines. Used for one page, then dropped. */
    private static final class Stripper extends PDFTextStripper {
        private final int page;
        private final List<Line> lines = new ArrayList<>();
        /** The current line's words: the first and last glyph of each, and the word's text. */
        private final List<TextPosition[]> words = new ArrayList<>();
        private final List<String> wordTexts = new ArrayList<>();

        Stripper(int page) throws IOException {
            this.page = page;
            setSortByPosition(true);
            setStartPage(page);
            setEndPage(page);
        }

        @Override
        protected void writeString(String text, List<TextPosition> positions) throws IOException {
            super.writeString(text, positions);
            if (!text.isBlank() && !positions.isEmpty()) {
                words.add(new TextPosition[]{positions.get(0), positions.get(positions.size() - 1)});
                wordTexts.add(text.strip());
            }
        }

        @Override
        protected void writeLineSeparator() throws IOException {
            super.writeLineSeparator();
            endLine();
        }

        @Override
        protected void endPage(PDPage pdPage) throws IOException {
            endLine();
            super.endPage(pdPage);
        }

        private void endLine() {
            if (words.isEmpty()) {
                return;
            }
            List<Segment> segments = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            float x0 = 0;
            float x1 = 0;
            float y = words.get(0)[0].getYDirAdj();
            float size = 0;
            for (int i = 0; i < words.size(); i++) {
                TextPosition first = words.get(i)[0];
                TextPosition last = words.get(i)[1];
                float wx0 = first.getXDirAdj();
                float wx1 = last.getXDirAdj() + last.getWidthDirAdj();
                float wsize = Math.max(first.getFontSizeInPt(), first.getHeightDir());
                boolean gap = !text.isEmpty()
                        && wx0 - x1 > Math.max(MIN_SEGMENT_GAP, SEGMENT_GAP_EMS * Math.max(size, wsize));
                if (gap) {
                    segments.add(new Segment(text.toString(), x0, x1, y, size));
                    text.setLength(0);
                }
                if (text.isEmpty()) {
                    x0 = wx0;
                    size = wsize;
                } else {
                    text.append(' ');
                }
                text.append(wordTexts.get(i));
                x1 = wx1;
                size = Math.max(size, wsize);
            }
            segments.add(new Segment(text.toString(), x0, x1, y, size));
            lines.add(new Line(page, y, segments));
            words.clear();
            wordTexts.clear();
        }
    }
}
