package dev.vconv.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with columns padded to their widest cell; numbers right-aligned, text left-aligned. */
final class TextTable {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = header;
    }

    TextTable row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.length);
        }
        rows.add(cells);
        return this;
    }

    int size() {
        return rows.size();
    }

    /** Three significant digits, at most two decimals: 0.0123, 1.23, 12.3, 123, 1234. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 99.95 || a == 0) { // thresholds where rounding carries into the next digit
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 9.995) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.00995) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    @Override
    public String toString() {
        int[] width = new int[header.length];
        boolean[] numeric = new boolean[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            numeric[c] = !rows.isEmpty();
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
                numeric[c] &= r[c].matches("[-+]?[0-9.,]+[%x]?|-|[-+]?[0-9.]+ \u00b1 [0-9.]+");
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, width, numeric);
        String[] rule = new String[header.length];
        for (int c = 0; c < header.length; c++) {
            rule[c] = "-".repeat(width[c]);
        }
        line(s, rule, width, numeric);
        for (String[] r : rows) {
            line(s, r, width, numeric);
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String[] cells, int[] width, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(width[c] - cells[c].length());
            l.append(numeric[c] ? pad + cells[c] : cells[c] + pad);
        }
        s.append(l.toString().stripTrailing()).append(System.lineSeparator());
    }
}
