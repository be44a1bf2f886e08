package dev.vconv.simd;

/**
 * The padded input of one (batch element, group) in a Winograd plan's scratch ({@link WinogradPlan},
 * {@link WinogradPhasePlan}): copied when a unit first needs it, kept while the next units read the same image.
 */
final class PaddedImage {
    /** The padded copy ({@link PaddedInput} layout), allocated on first use. */
    float[] buffer;
    /** {@code n * groups + g} of the image in {@link #buffer}, or -1 (set by the plan at the start of each call). */
    int loaded = -1;

    /**
     * Makes {@link #buffer} hold image n, group g of {@code x}; false (nothing copied) if that input holds a non-finite
     * value or one at or above {@code limit}, which the plan's transforms must not take.
     */
    boolean load(PaddedInput input, Geometry geo, int bufferFloats, float limit, int n, int g, float[] x, int xOff) {
        int ng = n * geo.groups + g;
        if (loaded == ng) {
            return true;
        }
        if (!WinogradPlan.inputWithinLimit(x, xOff + (n * geo.inChannels + g * geo.cg) * geo.inSpatial,
                geo.cg * geo.inSpatial, limit)) {
            return false;
        }
        if (buffer == null) {
            buffer = new float[bufferFloats];
        }
        input.copy(n, g, x, xOff, buffer);
        loaded = ng;
        return true;
    }
}
