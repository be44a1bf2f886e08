package dev.vconv.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The standard benchmark suite, read from the {@code bench-suite.tsv} resource ('#' lines are comments). */
public final class Suite {
    public static final String RESOURCE = "/bench-suite.tsv";

    private Suite() {
    }

    /** Every case, in file order. */
    public static List<SuiteCase> load() {
        try (InputStream in = Suite.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            List<SuiteCase> cases = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    cases.add(SuiteCase.parse(line));
                }
            }
            return List.copyOf(cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The case called {@code name}. */
    public static SuiteCase get(String name) {
        return load().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("case = '" + name + "': not in the suite; cases are "
                        + load().stream().map(SuiteCase::name).toList()));
    }
}
