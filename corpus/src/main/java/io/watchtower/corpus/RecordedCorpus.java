package io.watchtower.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The recorded part of the corpus: probe series of real servers on the development machine, with
 * faults injected, shipped as resources under {@code recordings/}. {@code index.csv} lists them
 * ({@code name,family,traits}); each {@code NAME.csv} holds {@code timestamp,value,fault} rows
 * (epoch seconds, the probe's value or nothing for a failed probe, 1 while the fault was on). Each run
 * of {@code fault = 1} rows is a labelled anomaly. How they were recorded: {@code corpus/README.md}.
 */
public final class RecordedCorpus {

    private static final String DIR = "/recordings/";

    private RecordedCorpus() {
    }

    /** @return every recorded series, in index order */
    public static List<LabelledSeries> all() throws IOException {
        List<LabelledSeries> all = new ArrayList<>();
        try (BufferedReader index = open("index.csv")) {
            if (index == null) {
                return all;
            }
            String line;
            int number = 0;
            while ((line = index.readLine()) != null) {
                number++;
                if (number == 1 || line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(",", -1);
                if (parts.length < 2) {
                    throw new IOException(DIR + "index.csv:" + number + ": expected name,family,traits");
                }
                Set<Trait> traits = EnumSet.noneOf(Trait.class);
                if (parts.length > 2 && !parts[2].isBlank()) {
                    for (String t : parts[2].split(";")) {
                        traits.add(Trait.valueOf(t.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
                    }
                }
                all.add(read(parts[0].strip(), parts[1].strip(), traits));
            }
        }
        return all;
    }

    private static LabelledSeries read(String name, String family, Set<Trait> traits) throws IOException {
        try (BufferedReader r = open(name + ".csv")) {
            if (r == null) {
                throw new IOException(DIR + name + ".csv: listed in index.csv but missing");
            }
            return read(name, family, traits, r);
        }
    }

    /**
     * Reads one recording: {@code timestamp,value,fault} rows after a header; each run of
     * {@code fault = 1} rows is an anomaly from its first row to the next row (or one step past the
     * last row).
     */
    static LabelledSeries read(String name, String family, Set<Trait> traits, BufferedReader r) throws IOException {
        long[] at = new long[1024];
        double[] values = new double[1024];
        boolean[] fault = new boolean[1024];
        int n = 0;
        {
            String line = r.readLine();
            int number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] p = line.split(",", -1);
                if (p.length != 3) {
                    throw new IOException(DIR + name + ".csv:" + number + ": expected timestamp,value,fault");
                }
                if (n == at.length) {
                    at = Arrays.copyOf(at, 2 * n);
                    values = Arrays.copyOf(values, 2 * n);
                    fault = Arrays.copyOf(fault, 2 * n);
                }
                try {
                    at[n] = Math.round(Double.parseDouble(p[0]) * 1000);
                    values[n] = p[1].isBlank() ? Double.NaN : Double.parseDouble(p[1]);
                } catch (NumberFormatException e) {
                    throw new IOException(DIR + name + ".csv:" + number + ": expected epoch seconds and a number", e);
                }
                fault[n] = p[2].strip().equals("1");
                n++;
            }
        }
        at = Arrays.copyOf(at, n);
        values = Arrays.copyOf(values, n);
        long step = medianStep(at);
        List<Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (fault[i] && (i == 0 || !fault[i - 1])) {
                int j = i;
                while (j + 1 < n && fault[j + 1]) {
                    j++;
                }
                long end = j + 1 < n ? at[j + 1] : at[j] + step;
                anomalies.add(new Anomaly(at[i], end, "fault", Double.NaN));
            }
        }
        return new LabelledSeries(name, family, step, at, values, anomalies, traits, 0);
    }

    private static long medianStep(long[] at) {
        if (at.length < 2) {
            return 1000;
        }
        long[] d = new long[at.length - 1];
        for (int i = 1; i < at.length; i++) {
            d[i - 1] = at[i] - at[i - 1];
        }
        Arrays.sort(d);
        return Math.max(1, d[d.length / 2]);
    }

    private static BufferedReader open(String file) {
        InputStream in = RecordedCorpus.class.getResourceAsStream(DIR + file);
        return in == null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
