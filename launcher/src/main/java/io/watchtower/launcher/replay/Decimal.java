package io.watchtower.launcher.replay;

/**
 * Appends numbers as short decimal text without {@code Float.toString}'s cost: six significant
 * digits, trailing zeros dropped, scientific notation outside 1e-4..1e12. Replay writes millions
 * of numbers; this keeps the score files fast to write and easy to read.
 */
final class Decimal {

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Decimal() {
    }

    /** Appends {@code v} with six significant digits; nothing for NaN or infinities. */
    static StringBuilder append(StringBuilder b, double v) {
        if (!Double.isFinite(v)) {
            return b;
        }
        if (v == 0) {
            return b.append('0');
        }
        double abs = Math.abs(v);
        if (abs < 1e-4 || abs >= 1e12) {
            return b.append(String.format(java.util.Locale.ROOT, "%.5e", v));
        }
        int exponent = (int) Math.floor(Math.log10(abs));
        int decimals = 5 - exponent;
        long scaled;
        if (decimals >= 0) {
            scaled = Math.round(abs * POW10[decimals]);
        } else {
            scaled = Math.round(abs / POW10[-decimals]) * POW10[-decimals];
            decimals = 0;
        }
        while (decimals > 0 && scaled % 10 == 0) {
            scaled /= 10;
            decimals--;
        }
        if (v < 0) {
            b.append('-');
        }
        if (decimals == 0) {
            return b.append(scaled);
        }
        long whole = scaled / POW10[decimals];
        long fraction = scaled % POW10[decimals];
        b.append(whole).append('.');
        String digits = Long.toString(fraction);
        for (int i = digits.length(); i < decimals; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    /** Appends {@code v} rounded to one decimal, for SVG coordinates. */
    static StringBuilder oneDecimal(StringBuilder b, double v) {
        long tenths = Math.round(v * 10);
        if (tenths < 0) {
            b.append('-');
            tenths = -tenths;
        }
        return b.append(tenths / 10).append('.').append(tenths % 10);
    }
}
