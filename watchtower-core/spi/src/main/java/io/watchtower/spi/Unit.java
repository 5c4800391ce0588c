package io.watchtower.spi;

import java.util.Locale;

/** The unit of a check's values: used in signals and to format human summaries. */
public enum Unit {
    /** Seconds. */
    SECONDS("s", true),
    /** Milliseconds. */
    MILLISECONDS("ms", true),
    /** Bytes. */
    BYTES("B", true),
    /** A plain count. */
    COUNT("", true),
    /** A fraction between 0 and 1. */
    RATIO("", true),
    /** Events per second. */
    PER_SECOND("/s", true),
    /** Days. */
    DAYS("d", true),
    /** No unit: a value of unknown sign. */
    NONE("", false);

    private final String symbol;
    private final boolean nonNegative;

    Unit(String symbol, boolean nonNegative) {
        this.symbol = symbol;
        this.nonNegative = nonNegative;
    }

    /**
     * Whether values in this unit are normally never negative: durations, sizes, counts, rates and
     * ratios. A check whose values may still be negative (a growth rate, days left until an expiry
     * that may have passed) declares so with {@link Check#signed()}.
     *
     * @return true for every unit but {@link #NONE}
     */
    public boolean nonNegative() {
        return nonNegative;
    }

    /** @return the symbol used after a value, for example {@code "ms"}; may be empty */
    public String symbol() {
        return symbol;
    }

    /** @return the wire name used in signals, for example {@code "milliseconds"} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Formats a value for a human: three significant digits and the unit's symbol.
     *
     * @param value the value
     * @return for example {@code "12.4 ms"}, {@code "41%"} for ratios
     */
    public String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (this == RATIO) {
            return significant(value * 100) + "%";
        }
        if (this == BYTES) {
            return bytes(value);
        }
        String number = significant(value);
        return symbol.isEmpty() ? number : number + " " + symbol;
    }

    private static String bytes(double value) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        double v = value;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return significant(v) + " " + units[i];
    }

    private static final double SMALLEST = 0.5e-6;

    static String significant(double value) {
        double abs = Math.abs(value);
        if (abs == 0) {
            return "0";
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (abs < SMALLEST) {
            // under half a millionth of the unit: nothing a person reads is lost by calling it zero
            return "0";
        }
        int decimals = Math.min(6, 2 - (int) Math.floor(Math.log10(abs)));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
