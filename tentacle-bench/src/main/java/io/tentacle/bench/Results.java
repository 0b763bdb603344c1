package io.tentacle.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a run, printed as one Markdown table. */
final class Results {
    /**
     * One measured figure beside its comparisons.
     *
     * @param ours our server's figure, formatted
     * @param reference the reference's figure in the same run, or "-"
     * @param ratio ours / reference (or the comparison that the target is about)
     * @param hardware the machine's own limit and the fraction of it we reach
     * @param verdict "met", "MISSED" or "-" (no target)
     * @param load the load average when the figure was taken
     */
    record Row(
            String scenario,
            String metric,
            String ours,
            String reference,
            String ratio,
            String hardware,
            String target,
            String verdict,
            String load) {}

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println("  "
                + String.join(
                        " | ",
                        row.scenario(),
                        row.metric(),
                        "ours " + row.ours(),
                        "ref " + row.reference(),
                        row.ratio(),
                        row.hardware(),
                        row.target() + " " + row.verdict(),
                        "load " + row.load()));
    }

    synchronized void print(PrintStream out) {
        out.println(
                "| scenario | figure | ours | reference | ours/ref | machine limit (fraction) | target | met | load |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.println("| "
                    + String.join(
                            " | ",
                            r.scenario(),
                            r.metric(),
                            r.ours(),
                            r.reference(),
                            r.ratio(),
                            r.hardware(),
                            r.target(),
                            r.verdict(),
                            r.load())
                    + " |");
        }
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }

    static String ratio(double ours, double reference) {
        if (Double.isNaN(ours) || Double.isNaN(reference) || reference <= 0) {
            return "-";
        }
        return num(ours / reference) + "x";
    }

    static String percent(double part, double whole) {
        if (Double.isNaN(part) || Double.isNaN(whole) || whole <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f%%", 100 * part / whole);
    }

    static String verdict(boolean measured, boolean met) {
        return !measured ? "n/a" : met ? "met" : "MISSED";
    }
}
