package dev.vconv;

import java.util.Arrays;

/**
 * An immutable tensor shape in NC[D]HW order: batch, channels, then 1 to 3 spatial sizes, each at least 1.
 * The element count must fit an {@code int}, since tensors are {@code float[]} arrays indexed by {@code int}.
 */
public final class Shape {
    private final int[] dims;
    private final int elementCount;

    private Shape(int[] dims, String what) {
        this.dims = dims.clone();
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new IllegalArgumentException(
                        what + " " + Arrays.toString(dims) + ": dimension " + i + " = " + dims[i] + " must be >= 1");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(dims) + ": element count "
                        + product(dims) + " exceeds Integer.MAX_VALUE = " + Integer.MAX_VALUE
                        + " (tensors are float[] arrays)");
            }
        }
        this.elementCount = (int) count;
    }

    /** A shape of any rank, every dimension >= 1, at most {@code Integer.MAX_VALUE} elements. */
    public static Shape of(int... dims) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("shape: must have at least one dimension");
        }
        return new Shape(dims, "shape");
    }

    static Shape named(String what, int... dims) {
        return new Shape(dims, what);
    }

    /** The exact product of the dimensions, as a decimal string, even where it overflows a long. */
    static String product(int[] dims) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int d : dims) {
            p = p.multiply(java.math.BigInteger.valueOf(d));
        }
        return p.toString();
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** The dims from index {@code from} on: for an NC[D]HW shape, {@code spatial(2)} gives the spatial sizes. */
    public int[] dimsFrom(int from) {
        return Arrays.copyOfRange(dims, from, dims.length);
    }

    public int elementCount() {
        return elementCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
