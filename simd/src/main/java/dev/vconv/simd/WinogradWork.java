package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;

/**
 * The work of a Winograd plan's call ({@link WinogradPlan}, {@link WinogradPhasePlan}): its units (chunks of tile
 * blocks of a stack of images, one group), run by {@link Parallel}, each participant working in a {@link Scratch}
 * from the plan's pool. One object for every call, so that a call on one thread allocates nothing.
 */
final class WinogradWork implements Parallel.Work<WinogradWork.Scratch> {
    /** What one participant of a call works in. */
    static final class Scratch {
        final PaddedImage image = new PaddedImage();
        /** Row-transformed input of the unit's chunk. */
        final float[] rows;
        /** The transformed input V of one block: {@code [point][c][TB]}. */
        final float[] v;
        /**
         * The products M of one block of tiles and a group of output-channel blocks (one for blocks of 2L tiles):
         * {@code [block][point][mr][tiles per block]}.
         */
        final float[] m;
        /**
         * One vector of tiles' output vectors on their way to the output (at most 18: WinogradPhasePlan's
         * F(3x3, 2x2)).
         */
        final float[] stage = new float[18 * L];

        Scratch(int rowFloats, int vFloats, int mFloats) {
            rows = new float[rowFloats];
            v = new float[vFloats];
            m = new float[mFloats];
        }
    }

    /** One unit of a plan; false (and nothing written) if its input holds a value the transforms must not take. */
    interface Unit {
        boolean run(int stackGroup, int chunk, Scratch s, float[] x, int xOff, float[] y, int yOff);
    }

    private final ScratchPool<Scratch> pool = new ScratchPool<>();
    private final int rowFloats;
    private final int vFloats;
    private final int mFloats;
    private final long units;
    private final int chunkCount;
    private final Unit unit;

    /** Units {@code (stackGroup, chunk)} for {@code stackGroup < units / chunkCount}, numbered chunk fastest. */
    WinogradWork(int rowFloats, int vFloats, int mFloats, long units, int chunkCount, Unit unit) {
        this.rowFloats = rowFloats;
        this.vFloats = vFloats;
        this.mFloats = mFloats;
        this.units = units;
        this.chunkCount = chunkCount;
        this.unit = unit;
    }

    /** Floats of one participant's scratch arrays (its padded image aside). */
    long scratchFloats() {
        return (long) rowFloats + vFloats + mFloats;
    }

    @Override
    public Scratch open() {
        Scratch s = pool.poll();
        if (s == null) {
            s = new Scratch(rowFloats, vFloats, mFloats);
        }
        s.image.loaded = -1;
        return s;
    }

    @Override
    public long units() {
        return units;
    }

    @Override
    public boolean unit(Scratch scratch, long u, float[] x, int xOff, float[] y, int yOff) {
        return unit.run((int) (u / chunkCount), (int) (u % chunkCount), scratch, x, xOff, y, yOff);
    }

    @Override
    public void close(Scratch scratch) {
        pool.offer(scratch);
    }

    /**
     * Floats of products (M) one unit keeps between the products and the output transform (512 KB), for blocks of 6L
     * tiles: their products run point by point over groups of output-channel blocks that fill it, so that each
     * point's V is read once per group.
     */
    private static final int PRODUCT_FLOATS = 1 << 17;

    /** Output channels per products' tile for blocks of {@code tb} tiles: 4 for 6L (4x6), else 8 at 512 bits (8x2). */
    static int productRows(int tb) {
        return tb == 6 * L || F32CorrKernels.S.vectorBitSize() < 512 ? 4 : 8;
    }

    /** The products' kernel for blocks of {@code tb} tiles, as plans name it. */
    static String productKernel(int tb) {
        return "corrPacked" + productRows(tb) + "x" + tb / L + "v";
    }

    /**
     * Output-channel blocks whose products a unit computes before their output transforms, of {@code blocks}, each
     * {@code blockFloats} of products: as many as fill {@link #PRODUCT_FLOATS} for blocks of 6L tiles; one for 2L,
     * whose V stays in L1 for one block's points (point-outer groups ran dcgan-up-8 at 0.96).
     */
    static int productGroup(int tb, int blocks, int blockFloats) {
        return tb == 6 * L ? Math.max(1, Math.min(blocks, PRODUCT_FLOATS / blockFloats)) : 1;
    }

    /**
     * One transform point's products for one output-channel block, summed over {@code n} channels: V's {@code [c][tb]}
     * at {@code vOff} times U's {@code [c][mr]} at {@code wOff}, to {@code [mr][tb]} at {@code mOff}; blocks of 6L tiles
     * on the 4x6 kernel, of 2L on the 8x2 (mr 8) or 4x2 one.
     */
    static void products(int tb, int mr, float[] v, int vOff, int n, float[] w, int wOff, float[] m, int mOff) {
        if (tb == 6 * L) {
            F32CorrKernels.corrPacked4x6v(v, vOff, n, w, wOff, m, mOff, tb, false);
        } else if (mr == 8) {
            F32CorrKernels.corrPacked8x2v(v, vOff, n, w, wOff, m, mOff, tb, false);
        } else {
            F32CorrKernels.corrPacked4x2v(v, vOff, n, w, wOff, m, mOff, tb, false);
        }
    }
}
