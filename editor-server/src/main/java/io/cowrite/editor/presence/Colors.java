package io.cowrite.editor.presence;

import java.util.Set;

/**
 * People's colors. A session prefers a color derived from its client id (so it keeps it across documents
 * and reloads); in a document where that color is close to one already there, it takes the palette color
 * farthest from every taken one, measured in CIELAB (ΔE*ab, roughly how different two colors look), so
 * two people never get two similar greens while distinct colors remain.
 */
public final class Colors {
    /**
     * Readable on white (CIELAB lightness 28-60), chosen greedily so that the closest two are still 36
     * apart (ΔE*ab).
     */
    private static final String[] PALETTE = {
        "#e6194b", "#00a300", "#0000f5", "#0099cc", "#665319", "#722183", "#f500f5", "#29a37a",
        "#007af5", "#cc6600", "#832141", "#f500a3", "#889310", "#0033cc", "#f51400", "#214183"
    };
    /** Below this distance two colors are easily confused side by side. */
    static final double TOO_CLOSE = 30;

    static java.util.List<String> palette() {
        return java.util.List.of(PALETTE);
    }

    private Colors() {
    }

    /** The color a client prefers. */
    public static String forClient(String clientId) {
        return PALETTE[Math.floorMod(clientId.hashCode() * 0x9E3779B1, PALETTE.length)];
    }

    /** {@code preferred} unless it is close to a taken color; else the palette color farthest from all taken ones. */
    public static String distinct(String preferred, Set<String> taken) {
        if (taken.isEmpty() || nearest(preferred, taken) >= TOO_CLOSE) return preferred;
        String best = preferred;
        double bestDistance = nearest(preferred, taken);
        for (String c : PALETTE) {
            double d = nearest(c, taken);
            if (d > bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Whether {@code color} is too close to one of {@code others} to tell apart at a glance. */
    public static boolean clashes(String color, Set<String> others) {
        return !others.isEmpty() && nearest(color, others) < TOO_CLOSE;
    }

    /** The distance from {@code color} to the nearest of {@code taken} (infinite when none). */
    static double nearest(String color, Set<String> taken) {
        double[] a = lab(color);
        double min = Double.POSITIVE_INFINITY;
        for (String t : taken) {
            double[] b = lab(t);
            min = Math.min(min, Math.sqrt(sq(a[0] - b[0]) + sq(a[1] - b[1]) + sq(a[2] - b[2])));
        }
        return min;
    }

    private static double sq(double x) {
        return x * x;
    }

    /** sRGB {@code #rrggbb} to CIELAB (D65). */
    static double[] lab(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double r = linear((rgb >> 16) & 0xff);
        double g = linear((rgb >> 8) & 0xff);
        double b = linear(rgb & 0xff);
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(int c) {
        double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
