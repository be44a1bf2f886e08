package dev.vconv.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/** The PNG chart: GFLOP/s per suite row, one marker series per contender and thread count, the FMA peaks as lines. */
public final class Chart {
    private Chart() {
    }

    public static void write(Report report, String title, Path png) throws IOException {
        write(report, Anchors.load(), title, png);
    }

    /** As {@link #write(Report, String, Path)}, with the anchors drawn as open markers per thread count. */
    public static void write(Report report, Anchors anchors, String title, Path png) throws IOException {
        List<String> cases = new ArrayList<>();
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        for (Report.Row r : report.rows()) {
            if (!cases.contains(r.caseName())) {
                cases.add(r.caseName());
            }
            series.computeIfAbsent(r.contender() + ", " + threads(r.threads()), k -> new LinkedHashMap<>())
                    .put(r.caseName(), r.gflops());
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 90 * cases.size()) + 260).height(650)
                .title(title).xAxisTitle("suite case").yAxisTitle("GFLOP/s (log scale)").build();
        // A vertical legend on the right: a horizontal one below is cut off at both ends once the peers add ten
        // and more series.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisLabelRotation(40);
        chart.getStyler().setOverlapped(true); // every series on its case's line
        chart.getStyler().setMarkerSize(11);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        // The reference runs at a fraction of a GFLOP/s, the kernels near 100: a log axis shows both.
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        if (cases.isEmpty()) {
            cases.add("(no results)");
        }
        for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (String c : cases) {
                ys.add(e.getValue().get(c)); // null: no bar (log axes have no 0)
            }
            // Markers, not bars: XChart anchors bars at 0, which a log axis cannot show.
            chart.addSeries(e.getKey(), cases, ys)
                    .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        }
        java.util.Set<Integer> threadCounts = new java.util.TreeSet<>();
        report.rows().forEach(r -> threadCounts.add(r.threads()));
        for (int t : threadCounts) {
            List<Double> ys = new ArrayList<>();
            for (String c : cases) {
                double a = anchors.gflops(c, t);
                ys.add(Double.isNaN(a) ? null : a);
            }
            if (ys.stream().anyMatch(java.util.Objects::nonNull)) {
                CategorySeries s = chart.addSeries("anchor, " + threads(t), cases, ys);
                s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
                s.setMarker(t == 1 ? org.knowm.xchart.style.markers.SeriesMarkers.TRIANGLE_DOWN
                        : org.knowm.xchart.style.markers.SeriesMarkers.TRIANGLE_UP);
            }
        }
        for (Map.Entry<Integer, Double> p : report.peaks().entrySet()) {
            CategorySeries s = chart.addSeries("FMA peak, " + threads(p.getKey()), cases,
                    Collections.nCopies(cases.size(), p.getValue()));
            s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            // Black, solid for one thread and dashed for more: the reference lines stand apart from the data.
            s.setLineColor(p.getKey() == 1 ? Color.BLACK : Color.DARK_GRAY);
            s.setLineStyle(p.getKey() == 1 ? org.knowm.xchart.style.lines.SeriesLines.SOLID
                    : org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
        double min = report.rows().stream().mapToDouble(Report.Row::gflops).filter(g -> g > 0).min().orElse(1);
        double max = report.peaks().values().stream().mapToDouble(Double::doubleValue).max().orElse(200);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(Math.max(max, 200) * 1.05))));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String threads(int t) {
        return t == 1 ? "1 thread" : t + " threads";
    }
}
