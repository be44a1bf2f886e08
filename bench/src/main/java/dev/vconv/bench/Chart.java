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

/** The PNG chart: GFLOP/s per suite row, one bar series per contender and thread count, the FMA peaks as lines. */
public final class Chart {
    private Chart() {
    }

    public static void write(Report report, String title, Path png) throws IOException {
        List<String> cases = new ArrayList<>();
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        for (Report.Row r : report.rows()) {
            if (!cases.contains(r.caseName())) {
                cases.add(r.caseName());
            }
            series.computeIfAbsent(r.contender() + ", " + threads(r.threads()), k -> new LinkedHashMap<>())
                    .put(r.caseName(), r.gflops());
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 90 * cases.size())).height(600)
                .title(title).xAxisTitle("suite case").yAxisTitle("GFLOP/s").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(40);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        if (cases.isEmpty()) {
            cases.add("(no results)");
        }
        for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (String c : cases) {
                ys.add(e.getValue().getOrDefault(c, 0.0));
            }
            chart.addSeries(e.getKey(), cases, ys);
        }
        for (Map.Entry<Integer, Double> p : report.peaks().entrySet()) {
            CategorySeries s = chart.addSeries("FMA peak, " + threads(p.getKey()), cases,
                    Collections.nCopies(cases.size(), p.getValue()));
            s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String threads(int t) {
        return t == 1 ? "1 thread" : t + " threads";
    }
}
