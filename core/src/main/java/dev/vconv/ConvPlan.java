package dev.vconv;

/**
 * A problem with its weights, packed and decided: ready to execute any number of times.
 *
 * <p>Tensors are {@code float[]} in NC[D]HW order, dense, starting at the given offset. {@link #execute} overwrites
 * the {@code outputShape().elementCount()} elements of the output; it never writes the input, and never writes any
 * output element before every argument has been checked.
 *
 * <p>Plans are immutable and thread-safe: one plan may execute from several threads at once on different outputs.
 * {@link #toString()} says what the plan chose.
 */
public interface ConvPlan {

    ConvProblem problem();

    /** The stable name of the provider that made this plan, e.g. "reference" or "simd". */
    String providerName();

    /**
     * The method this plan computes with, named without sizes: its algorithm, kernel and code paths, e.g.
     * {@code "conv by Winograd F(2x2,3x3), products by corrPacked8x2v"} ({@link #toString()} without the extents,
     * blocks and work split). Plans of one provider with equal algorithms run the same kernels and code paths over
     * other extents, so a check on a small problem exercises the code a large one runs when their algorithms are
     * equal; the benchmark picks the reduced problems it verifies that way. Default: the provider's name.
     */
    default String algorithm() {
        return providerName();
    }

    /**
     * Bytes of scratch memory one {@link #execute} call uses beyond its arguments (0 if none). Plans document
     * whether this memory is allocated per call or kept per thread.
     */
    long workspaceBytes();

    /**
     * Computes the output from {@code input}.
     *
     * @throws IllegalArgumentException if an array is null, too short for its shape at its offset, an offset is
     *         negative, or output overlaps input; nothing is written then
     */
    void execute(float[] input, int inputOffset, float[] output, int outputOffset);

    /** {@link #execute(float[], int, float[], int)} at offset 0. */
    default void execute(float[] input, float[] output) {
        execute(input, 0, output, 0);
    }

    /** Allocates the output and computes it. */
    default float[] apply(float[] input) {
        float[] output = new float[problem().outputShape().elementCount()];
        execute(input, 0, output, 0);
        return output;
    }
}
