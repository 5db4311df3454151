package org.aetherdb.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of one run (XChart), written next to results.md: {@code throughput.png} and
 * {@code latency.png} (a grid of bar charts, one per row of the table, one bar per engine, the
 * median of the runs), {@code transactions_sync.png} / {@code transactions_nosync.png} (commits/s
 * against threads, beside the fsync limit) and {@code scale_throughput.png} /
 * {@code scale_latency.png} (against the number of keys). Each engine keeps its colour everywhere.
 */
final class Charts {
    private static final Color[] COLORS = {
        new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private static final int W = 520;
    private static final int H = 320;

    private Charts() {}

    private static Color color(String engine) {
        int i = org.aetherdb.bench.engine.Engines.ALL.indexOf(engine);
        return COLORS[Math.max(0, i) % COLORS.length];
    }

    /** Writes every chart that has data; returns the file names written, in order. */
    static List<String> write(Path out, List<String> engines, Collection<BenchMain.Row> rows, double fsyncLimit) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        grid(out, "throughput", "higher is better", engines, rows,
                r -> r.higherIsBetter && !r.workload.startsWith("txn_") && !r.workload.startsWith("scale_"), written);
        grid(out, "latency", "lower is better", engines, rows,
                r -> !r.higherIsBetter && r.unit.equals("us") && !r.workload.startsWith("scale_"), written);
        for (String dur : List.of("sync", "nosync")) {
            transactions(out, dur, rows, fsyncLimit, written);
        }
        scale(out, "scale_throughput", rows, r -> r.workload.startsWith("scale_") && r.higherIsBetter, written);
        scale(out, "scale_latency", rows, r -> r.workload.startsWith("scale_") && !r.higherIsBetter, written);
        return written;
    }

    private static void grid(Path out, String name, String subtitle, List<String> engines, Collection<BenchMain.Row> rows,
                             Predicate<BenchMain.Row> which, List<String> written) throws IOException {
        Map<String, Map<String, BenchMain.Row>> metrics = new LinkedHashMap<>();
        for (BenchMain.Row r : rows) {
            if (which.test(r)) {
                metrics.computeIfAbsent(r.workload + " " + r.metric, k -> new LinkedHashMap<>()).put(r.engine, r);
            }
        }
        if (metrics.isEmpty()) {
            return;
        }
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, BenchMain.Row>> m : metrics.entrySet()) {
            BenchMain.Row any = m.getValue().values().iterator().next();
            CategoryChart c = new CategoryChartBuilder().width(W).height(H)
                    .title(m.getKey()).yAxisTitle(any.unit + " (" + subtitle + ")").build();
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            c.getStyler().setXAxisTicksVisible(false);
            c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(11f));
            for (String e : engines) {
                BenchMain.Row r = m.getValue().get(e);
                if (r != null) {
                    c.addSeries(e, List.of(" "), List.of(r.median())).setFillColor(color(e));
                }
            }
            charts.add(c);
        }
        int cols = Math.min(3, charts.size());
        int rowsN = (charts.size() + cols - 1) / cols;
        java.awt.image.BufferedImage grid = new java.awt.image.BufferedImage(cols * W, rowsN * H, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * W, (i / cols) * H, null);
        }
        g.dispose();
        String file = name + ".png";
        javax.imageio.ImageIO.write(grid, "png", out.resolve(file).toFile());
        written.add(file);
    }

    private static void transactions(Path out, String dur, Collection<BenchMain.Row> rows, double fsyncLimit, List<String> written)
            throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        int[] threads = TxnGroup.TXN_THREADS;
        for (BenchMain.Row r : rows) {
            if (!r.workload.equals("txn_commits_" + dur)) {
                continue;
            }
            String[] f = r.metric.split("_");
            int t = Integer.parseInt(f[1].replace("t", ""));
            double[] ys = series.computeIfAbsent(r.engine + " " + f[0], k -> new double[threads.length]);
            for (int i = 0; i < threads.length; i++) {
                if (threads[i] == t) {
                    ys[i] = r.median();
                }
            }
        }
        if (series.isEmpty()) {
            return;
        }
        XYChart c = new XYChartBuilder().width(800).height(500).title("Transactions, " + dur + " (read 1 key + write 1 key)")
                .xAxisTitle("committing threads").yAxisTitle("commits/s").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double[] xs = new double[threads.length];
        for (int i = 0; i < threads.length; i++) {
            xs[i] = threads[i];
        }
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            XYSeries x = c.addSeries(s.getKey(), xs, s.getValue());
            x.setLineColor(color(s.getKey().split(" ")[0]));
            x.setMarkerColor(color(s.getKey().split(" ")[0]));
            if (s.getKey().endsWith("snapshot")) {
                x.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        if (dur.equals("sync") && !Double.isNaN(fsyncLimit)) {
            double[] lim = new double[threads.length];
            java.util.Arrays.fill(lim, fsyncLimit);
            XYSeries l = c.addSeries("fsync limit (4 KiB append)", xs, lim);
            l.setLineColor(Color.GRAY);
            l.setMarker(SeriesMarkers.NONE);
        }
        String file = "transactions_" + dur + ".png";
        BitmapEncoder.saveBitmap(c, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(file);
    }

    /** Rows named {@code scale_<keys>} with metrics per engine: one line per engine and metric against keys. */
    private static void scale(Path out, String name, Collection<BenchMain.Row> rows, Predicate<BenchMain.Row> which, List<String> written)
            throws IOException {
        Map<String, Map<Double, Double>> series = new LinkedHashMap<>();
        String unit = "";
        for (BenchMain.Row r : rows) {
            if (!which.test(r)) {
                continue;
            }
            double keys = ScaleWorkload.keysOf(r.workload);
            series.computeIfAbsent(r.engine + " " + r.metric, k -> new java.util.TreeMap<>()).put(keys, r.median());
            unit = r.unit;
        }
        if (series.isEmpty()) {
            return;
        }
        XYChart c = new XYChartBuilder().width(800).height(500).title("Scale: " + (name.endsWith("latency") ? "latency" : "throughput")
                        + " as the database grows").xAxisTitle("keys in the database").yAxisTitle(unit).build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (Map.Entry<String, Map<Double, Double>> s : series.entrySet()) {
            List<Double> xs = new ArrayList<>(s.getValue().keySet());
            List<Double> ys = new ArrayList<>(s.getValue().values());
            XYSeries x = c.addSeries(s.getKey(), xs, ys);
            x.setLineColor(color(s.getKey().split(" ")[0]));
            x.setMarkerColor(color(s.getKey().split(" ")[0]));
        }
        String file = name + ".png";
        BitmapEncoder.saveBitmap(c, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(file);
    }
}
