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

    /**
     * A suite row by name, or an ad-hoc row written {@code NAME=op,dims,N,C,K,size,kernel,stride,padding,
     * output_padding,dilation,groups} (the suite's columns, comma-separated): a shape off the suite, to check that a
     * rule chosen on suite rows holds elsewhere, or a user's own layer. Its name must not be a suite row's (nor a
     * suite row's adjoint's): reports would show the row's anchors beside another shape.
     */
    public static SuiteCase getOrParse(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            return get(spec);
        }
        String name = spec.substring(0, eq);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("case = '" + spec + "': the name '" + name + "' must be letters, digits, "
                    + "'.', '_' or '-' (it names the row in tables, results and the gate)");
        }
        String[] f = spec.substring(eq + 1).split(",", -1);
        if (f.length != COLUMNS.size()) {
            throw new IllegalArgumentException("case = '" + spec + "': expected " + COLUMNS.size()
                    + " comma-separated values after '=' (" + String.join(",", COLUMNS) + "), got " + f.length);
        }
        for (int i = 1; i < f.length; i++) {
            if (!f[i].trim().matches("\\d{1,9}")) {
                throw new IllegalArgumentException("case = '" + spec + "': " + COLUMNS.get(i) + " = '" + f[i]
                        + "' must be a non-negative integer");
            }
        }
        SuiteCase c = SuiteCase.parse(name + "\t" + String.join("\t", f));
        SuiteCase row = find(name);
        if (row != null && !row.equals(c)) {
            throw new IllegalArgumentException("case = '" + spec + "': the name '" + name + "' is a suite row's, "
                    + "with another shape; an ad-hoc row needs a name of its own");
        }
        c.problem(); // validates: the descriptor's and problem's own messages name the parameter
        return c;
    }

    /** The columns of an ad-hoc row after its name, as the suite file has them. */
    static final List<String> COLUMNS = List.of("op", "dims", "N", "C", "K", "size", "kernel", "stride", "padding",
            "output_padding", "dilation", "groups");

    /** The suite row (or a transposed row's adjoint) called {@code name}, or null if there is none. */
    static SuiteCase find(String name) {
        try {
            return get(name);
        } catch (IllegalArgumentException none) {
            return null;
        }
    }

    /** The case called {@code name}; {@code ROW.adjoint} is a transposed row's {@link SuiteCase#adjoint()}. */
    public static SuiteCase get(String name) {
        if (name.endsWith(SuiteCase.ADJOINT)) {
            return get(name.substring(0, name.length() - SuiteCase.ADJOINT.length())).adjoint();
        }
        return load().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("case = '" + name + "': not in the suite; cases are "
                        + load().stream().map(SuiteCase::name).toList()));
    }
}
