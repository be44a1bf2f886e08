package dev.vconv.conformance;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One test case: a descriptor and the input shape it runs on. {@link #toString()} is the Java code that rebuilds the
 * case, on one line, so a failing case from a property can be pasted into a regression test as is:
 *
 * <pre>{@code
 * ConvCase.of(ConvDescriptor.convTranspose(2).inChannels(4).outChannels(6).kernelSize(3, 2).stride(2, 1)
 *         .padding(1, 0).outputPadding(1, 0).dilation(1, 2).groups(2).bias(true).build(), 2, 4, 5, 7)
 * }</pre>
 */
public record ConvCase(ConvDescriptor descriptor, int[] inputShape) {

    public ConvCase {
        Objects.requireNonNull(descriptor, "descriptor");
        inputShape = inputShape.clone();
    }

    /** The case for {@code descriptor} on an input of shape {@code inputShape} (N, C_in, spatial...). */
    public static ConvCase of(ConvDescriptor descriptor, int... inputShape) {
        return new ConvCase(descriptor, inputShape);
    }

    /** The validated problem (throws IllegalArgumentException if the case is not valid). */
    public ConvProblem problem() {
        return descriptor.problem(inputShape);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Multiply-accumulates of the dense definition: a measure of how long the reference takes. */
    public long macs() {
        return problem().flops() / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvCase c && descriptor.equals(c.descriptor) && Arrays.equals(inputShape, c.inputShape);
    }

    @Override
    public int hashCode() {
        return descriptor.hashCode() * 31 + Arrays.hashCode(inputShape);
    }

    /** Java code that rebuilds this case; see the class comment. */
    @Override
    public String toString() {
        return "ConvCase.of(" + javaCode(descriptor) + ", " + list(inputShape) + ")";
    }

    /** Builder code for {@code d}, every parameter spelled out per axis, e.g. {@code ConvDescriptor.conv(1)...build()}. */
    public static String javaCode(ConvDescriptor d) {
        StringBuilder s = new StringBuilder("ConvDescriptor.");
        s.append(d.isTranspose() ? "convTranspose(" : "conv(").append(d.rank()).append(")")
                .append(".inChannels(").append(d.inChannels()).append(")")
                .append(".outChannels(").append(d.outChannels()).append(")")
                .append(".kernelSize(").append(list(d.kernelSize())).append(")")
                .append(".stride(").append(list(d.stride())).append(")");
        switch (d.paddingRule()) {
            case SAME -> s.append(".padding(\"same\")");
            case VALID -> s.append(".padding(\"valid\")");
            case EXPLICIT -> s.append(".padding(").append(list(d.padBefore())).append(")");
        }
        if (d.isTranspose()) {
            s.append(".outputPadding(").append(list(d.outputPadding())).append(")");
        }
        s.append(".dilation(").append(list(d.dilation())).append(")")
                .append(".groups(").append(d.groups()).append(")")
                .append(".bias(").append(d.bias()).append(")");
        if (d.paddingMode() != PaddingMode.ZEROS) {
            s.append(".paddingMode(\"").append(d.paddingMode().torchName()).append("\")");
        }
        return s.append(".build()").toString();
    }

    private static String list(int[] v) {
        return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }
}
