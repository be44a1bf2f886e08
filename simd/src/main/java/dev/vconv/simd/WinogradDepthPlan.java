package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.spi.AbstractConvPlan;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A 3D transposed convolution whose depth kernel is twice its depth stride (dilation 1: the V-Net / 3D U-Net
 * upsampling, kernel 4 stride 2), by Winograd's F(2, 2) along depth only, on each depth stride phase, composed over
 * the direct plan.
 *
 * <p>Depth phase {@code r} (outputs {@code o = j s + r}) takes two depth taps, at input offsets {@code a_r} and
 * {@code a_r + 1}: {@code y_j = g0 * x[j + a_r] + g1 * x[j + a_r + 1]}, each term a 2D (height x width) transposed
 * convolution of one input plane. For a tile of two phase outputs {@code j = 2t, 2t + 1} over its three input planes
 * {@code x0, x1, x2 = x[2t + a_r + {0, 1, 2}]}, F(2, 2) needs three products instead of four:
 * {@code M0 = (x0 - x1) * g0}, {@code M1 = x1 * (g0 + g1)}, {@code M2 = (x2 - x1) * g1};
 * {@code y_2t = M0 + M1}, {@code y_2t+1 = M1 + M2} ({@code B^T = [1 -1 0; 0 1 0; 0 -1 1]}, {@code G = [1 0; 1 1;
 * 0 1]}, {@code A^T = [1 1 0; 0 1 1]}). The products are planes of 2D transposed convolutions, and the sum over
 * input channels and height / width taps is the direct plan's: for each (image, run of {@link #BAND_TILES} depth
 * tiles) and phase r, this plan writes the three transformed planes of every input channel and tile to a scratch,
 * runs phase r's {@link SimdConvPlan} on them (a transposed conv with depth kernel 1 over the run's tiles and
 * {@code 3 * groups} groups, one per (point, group), its weights {@code G g} packed at plan time), and adds pairs of
 * its output planes into the output. Three multiplications in four, by the same micro-kernels; the transforms are one
 * vector operation per input or output element. Units are (image, run of tiles); each writes its own output planes,
 * so results are bitwise identical for any thread count. Measured (session 13, 1 thread, JFR) on vnet-up-3d: the
 * kernel 80% of the time, the output transform 6% (the output's trip to memory, as the direct plan's write-out), the
 * input transform 6%, the product planes' write-out 5% and the transformed plan's padded copy 2.5%.
 *
 * <p><b>Exactness.</b> Every coefficient is 0 or +-1, so on small-integer data every intermediate is exact and so is
 * the result. On reals the error is at most {@code gamma_(C/g * taps + 4) (Z + |b|)}, {@code taps} the height x
 * width taps of a phase (at most), {@code Z} the magnitude of the transformed terms
 * ({@code dev.vconv.reference.WinogradMagnitude} derives it). As in {@link WinogradPlan}, calls whose input holds a
 * non-finite value or one at or above {@link #inputLimit} run the direct plan, and plans are made only for finite
 * weights and bias.
 */
final class WinogradDepthPlan extends AbstractConvPlan {
    /** Transform points per tile: F(2, 2) has three. */
    private static final int POINTS = 3;
    /**
     * Depth tiles per unit, at most: the transformed problem's depth. One-JVM A/B on vnet-up-3d (8 tiles), against
     * one tile: 2 tiles 1.00 (2 threads 0.93 against 4), 4 tiles 1.06 (2 threads 0.99), 8 tiles 0.97 against 4. With
     * one tile each phase has 16 row vectors per output-channel block, two of the 4x6 kernel's tiles and a remainder
     * of four vectors in 2-vector steps, which took 1.4% of the profile (0.3% at 4 tiles).
     */
    private static final int BAND_TILES = 4;

    private final int batch;
    private final int inChannels;
    private final int outChannels;
    private final int inDepth;
    private final int outDepth;
    private final int stride;
    /** Input plane and output plane sizes (height x width). */
    private final int inPlane;
    private final int outPlane;
    /** Per depth phase r: the input offset of its first tap ({@code a_r}) and how many outputs it has. */
    private final int[] offset;
    private final int[] phaseOutputs;
    /** Depth tiles per image: two outputs of every phase each. */
    private final int tiles;
    /** Depth tiles per unit (the transformed problem's depth), and units per image. */
    private final int band;
    private final int bands;
    private final float[] bias;
    /** Per depth phase, the transformed problem's plan: {@code [point][channel]} planes in, {@code [point][k]} out. */
    private final ConvPlan[] products;
    /** The direct plan, for inputs this one must not take. */
    private final ConvPlan direct;
    private final float inputLimit;
    private final long units;
    private final int parts;
    private final ExecutorService executor;
    private final ScratchPool<Scratch> pool = new ScratchPool<>();
    /** A plane of zeros: the input beyond its depth. */
    private final float[] zeros;

    /** What one participant of a call works in. */
    private static final class Scratch {
        /** The transformed input of one depth tile, {@code [phase][point][c][plane]}. */
        final float[] v;
        /** Its products, {@code [phase][point][k][outPlane]}. */
        final float[] m;

        Scratch(int vFloats, int mFloats) {
            v = new float[vFloats];
            m = new float[mFloats];
        }
    }

    /** Whether the problem has the shape this plan computes (see the class comment). */
    static boolean applies(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        return d.isTranspose() && d.rank() == 3 && problem.kernel3()[0] == 2 * problem.stride3()[0]
                && problem.dilation3()[0] == 1;
    }

    /** Whether this plan can compute the problem with these weights and bias: finite, and G g cannot overflow. */
    static boolean serves(ConvProblem problem, float[] weight, float[] bias) {
        // |G g| <= 2 |w|: below MAX / 2 the transformed weights stay finite.
        return applies(problem) && WinogradPlan.below(weight, Float.MAX_VALUE / 2.0) && WinogradPlan.finite(bias)
                && scratchFits(problem);
    }

    /**
     * Whether a unit's transformed planes and product planes (three per channel and depth tile, {@link #BAND_TILES}
     * tiles) can be indexed with an int: the inner plan's input and output, and this plan's scratch.
     */
    static boolean scratchFits(ConvProblem problem) {
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        long perTile = (long) POINTS * BAND_TILES;
        return perTile * problem.descriptor().inChannels() * in[1] * in[2] <= Integer.MAX_VALUE
                && perTile * problem.descriptor().outChannels() * out[1] * out[2] <= Integer.MAX_VALUE;
    }

    /**
     * Whether it is expected to beat the direct plan: depth stride 2, 16+ input and output channels per group, even
     * input height and width. One-JVM A/Bs against the direct plan (session 13, 1 thread, kernel 4 stride 2 padding 1
     * unless said): 32 -> 16 at 16^3 (vnet-up-3d) 1.06-1.07 (2 threads 1.09), 16 -> 16 at 16^3 1.00, at 32^3 1.15,
     * 32 -> 16 at 32^3 1.22, 32 -> 32 1.12, 64 -> 32 1.30, 128 -> 64 at 8^3 1.47, 256 -> 128 at 8^3 1.39, 4 groups of
     * 16 1.04, 8 -> 8 at 32^3 1.04; odd planes lost: 32 -> 32 at 15^3 0.955 (padding 2, output_padding 1: 0.90), and so
     * did stride 3 (kernel 6, 32 -> 16 at 12^3: 0.92).
     */
    static boolean pays(ConvProblem problem) {
        if (!applies(problem)) {
            return false;
        }
        ConvDescriptor d = problem.descriptor();
        int[] in = problem.inputSize3();
        return problem.stride3()[0] == 2 && d.inChannels() / d.groups() >= 16 && d.outChannels() / d.groups() >= 16
                && in[1] % 2 == 0 && in[2] % 2 == 0;
    }

    WinogradDepthPlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            ConvPlan direct) {
        super(problem, weight, bias);
        if (!serves(problem, weight, bias)) {
            throw new IllegalArgumentException("problem: " + problem + ": not a 3D transposed conv with depth kernel "
                    + "2 x stride and dilation 1 and finite weights, for Winograd F(2, 2) along depth");
        }
        ConvDescriptor d = problem.descriptor();
        this.direct = direct;
        this.executor = executor;
        this.bias = bias == null ? null : bias.clone();
        batch = problem.batch();
        inChannels = d.inChannels();
        outChannels = d.outChannels();
        int groups = d.groups();
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        int[] k = problem.kernel3();
        inDepth = in[0];
        outDepth = out[0];
        stride = problem.stride3()[0];
        int pad = problem.padBefore3()[0];
        inPlane = Math.multiplyExact(in[1], in[2]);
        outPlane = Math.multiplyExact(out[1], out[2]);

        // Phase r's taps are the kernel indices k with (r + pad - k) % s == 0: k1 = (r + pad) mod s, reading input
        // offset (r + pad - k1) / s, and k1 + s, reading one plane before it (a_r).
        offset = new int[stride];
        phaseOutputs = new int[stride];
        int[] firstTap = new int[stride];
        int maxTiles = 0;
        for (int r = 0; r < stride; r++) {
            int k1 = Math.floorMod(r + pad, stride);
            firstTap[r] = k1 + stride;
            offset[r] = Math.floorDiv(r + pad - k1, stride) - 1;
            phaseOutputs[r] = r < outDepth ? (outDepth - r + stride - 1) / stride : 0;
            maxTiles = Math.max(maxTiles, (phaseOutputs[r] + 1) / 2);
        }
        tiles = maxTiles;
        // A single image gets at least two units where it has two tiles, so that two threads share it. The band does
        // not depend on the thread count, and no output's sum depends on the band.
        band = batch == 1 ? Math.min(BAND_TILES, Math.max(1, (tiles + 1) / 2)) : Math.min(BAND_TILES, tiles);
        bands = (tiles + band - 1) / band;

        int pc = POINTS;
        ConvDescriptor sub = ConvDescriptor.convTranspose(3).inChannels(pc * inChannels)
                .outChannels(pc * outChannels).groups(pc * groups).bias(false)
                .kernelSize(1, k[1], k[2]).stride(1, problem.stride3()[1], problem.stride3()[2])
                .padding(0, problem.padBefore3()[1], problem.padBefore3()[2])
                .outputPadding(0, problem.outputPadding3()[1], problem.outputPadding3()[2])
                .dilation(1, problem.dilation3()[1], problem.dilation3()[2]).build();
        ConvProblem subProblem = sub.problem(1, pc * inChannels, band, in[1], in[2]);
        products = new ConvPlan[stride];
        for (int r = 0; r < stride; r++) {
            products[r] = SimdConvPlan.create(subProblem, transformWeights(weight, groups, k, firstTap[r]), null, 1,
                    null);
        }

        float maxW = 0f;
        for (float w : weight) {
            maxW = Math.max(maxW, Math.abs(w));
        }
        // |B^T x| <= 2|x|, |G g| <= 2|w|: a product plane's sum <= 4 cg kh kw |x| |w|, an output <= twice that.
        // Below MAX / 4 the input transform cannot overflow, whatever the weights (small or zero weights do not
        // raise the limit past it); below the second term neither can the sums. The bias is added last, as the
        // direct plan adds it.
        int cg = inChannels / groups;
        inputLimit = (float) Math.min(Float.MAX_VALUE / 2.0 / 2.0,
                Float.MAX_VALUE / 2.0 / (8.0 * cg * k[1] * k[2] * maxW));
        units = (long) batch * bands;
        parts = (int) Math.max(1, Math.min(threads, units));
        zeros = new float[inPlane];
    }

    /**
     * One phase's transformed weights, {@code (3 * C_in, C_out / groups, 1, kh, kw)}: input channel
     * {@code point * C_in + c} holds row {@code point} of {@code G (w[c][..][firstTap], w[c][..][firstTap - s])}.
     */
    private float[] transformWeights(float[] w, int groups, int[] k, int firstTap) {
        int kg = outChannels / groups;
        int plane = k[1] * k[2];
        int perChannel = kg * plane;
        float[] u = new float[POINTS * inChannels * perChannel];
        int k0 = firstTap;
        int k1 = k0 - stride;
        for (int c = 0; c < inChannels; c++) {
            for (int o = 0; o < kg; o++) {
                int src = (c * kg + o) * k[0] * plane;
                for (int e = 0; e < plane; e++) {
                    float g0 = w[src + k0 * plane + e];
                    float g1 = w[src + k1 * plane + e];
                    int dst = c * perChannel + o * plane + e;
                    u[dst] = g0;
                    u[dst + inChannels * perChannel] = g0 + g1;
                    u[dst + 2 * inChannels * perChannel] = g1;
                }
            }
        }
        return u;
    }

    /** Inputs with an element at or above this magnitude (or non-finite) run the direct plan. */
    float inputLimit() {
        return inputLimit;
    }

    @Override
    protected void compute(float[] x, int xOff, float[] y, int yOff) {
        if (!Parallel.run(parts, executor, work, x, xOff, y, yOff)) {
            direct.execute(x, xOff, y, yOff);
        }
    }

    /** The plan's units, (image, depth tile); one object for every call. */
    private final Parallel.Work<Scratch> work = new Parallel.Work<>() {
        @Override
        public long units() {
            return units;
        }

        @Override
        public Scratch open() {
            Scratch s = pool.poll();
            return s != null ? s : new Scratch(POINTS * inChannels * band * inPlane,
                    POINTS * outChannels * band * outPlane);
        }

        @Override
        public boolean unit(Scratch s, long u, float[] x, int xOff, float[] y, int yOff) {
            int n = (int) (u / bands);
            int t = (int) (u % bands) * band;
            for (int r = 0; r < stride; r++) {
                if (!transformInput(n, t, r, x, xOff, s.v)) {
                    return false;
                }
                products[r].execute(s.v, 0, s.m, 0);
                transformOutput(n, t, r, s.m, y, yOff);
            }
            return true;
        }

        @Override
        public void close(Scratch s) {
            pool.offer(s);
        }
    };

    /**
     * Writes {@code B^T} of the three input planes of phase r's depth tiles {@code t0 .. t0 + band - 1}, for every
     * channel of image n, as {@code [point][c][tile][plane]}; false if one of them holds a value at or above
     * {@link #inputLimit} or a non-finite one.
     */
    private boolean transformInput(int n, int t0, int r, float[] x, int xOff, float[] v) {
        FloatVector big = FloatVector.zero(S);
        float bigScalar = 0f;
        int pointStride = inChannels * band * inPlane;
        for (int b = 0; b < band; b++) {
            int first = 2 * (t0 + b) + offset[r];
            for (int c = 0; c < inChannels; c++) {
                int channel = xOff + (n * inChannels + c) * inDepth * inPlane;
                float[] a0 = first >= 0 && first < inDepth ? x : zeros;
                float[] a1 = first + 1 >= 0 && first + 1 < inDepth ? x : zeros;
                float[] a2 = first + 2 >= 0 && first + 2 < inDepth ? x : zeros;
                int o0 = a0 == x ? channel + first * inPlane : 0;
                int o1 = a1 == x ? channel + (first + 1) * inPlane : 0;
                int o2 = a2 == x ? channel + (first + 2) * inPlane : 0;
                int d0 = (c * band + b) * inPlane;
                int d1 = d0 + pointStride;
                int d2 = d1 + pointStride;
                int i = 0;
                for (; i <= inPlane - L; i += L) {
                    FloatVector x0 = FloatVector.fromArray(S, a0, o0 + i);
                    FloatVector x1 = FloatVector.fromArray(S, a1, o1 + i);
                    FloatVector x2 = FloatVector.fromArray(S, a2, o2 + i);
                    big = big.max(x0.abs()).max(x1.abs()).max(x2.abs());
                    x0.sub(x1).intoArray(v, d0 + i);
                    x1.intoArray(v, d1 + i);
                    x2.sub(x1).intoArray(v, d2 + i);
                }
                for (; i < inPlane; i++) {
                    float x0 = a0[o0 + i];
                    float x1 = a1[o1 + i];
                    float x2 = a2[o2 + i];
                    bigScalar = Math.max(bigScalar, Math.max(Math.abs(x0), Math.max(Math.abs(x1), Math.abs(x2))));
                    v[d0 + i] = x0 - x1;
                    v[d1 + i] = x1;
                    v[d2 + i] = x2 - x1;
                }
            }
        }
        // NaN propagates through max and fails both tests.
        return big.compare(VectorOperators.LT, inputLimit).allTrue() && bigScalar < inputLimit;
    }

    /**
     * {@code A^T} of the products of phase r's depth tiles {@code t = t0 ..}, plus the bias, into image n's output
     * planes {@code (2t + {0, 1}) s + r} (those that exist).
     */
    private void transformOutput(int n, int t0, int r, float[] m, float[] y, int yOff) {
        int pointStride = outChannels * band * outPlane;
        for (int b = 0; b < band; b++) {
            int t = t0 + b;
            for (int e = 0; e < 2 && 2 * t + e < phaseOutputs[r]; e++) {
                int o = (2 * t + e) * stride + r;
                for (int k = 0; k < outChannels; k++) {
                    int s0 = ((e * outChannels + k) * band + b) * outPlane;
                    int s1 = s0 + pointStride;
                    int dst = yOff + ((n * outChannels + k) * outDepth + o) * outPlane;
                    if (bias == null) {
                        addPlanes(m, s0, s1, y, dst);
                    } else {
                        addPlanes(m, s0, s1, bias[k], y, dst);
                    }
                }
            }
        }
    }

    private void addPlanes(float[] m, int s0, int s1, float[] y, int dst) {
        int i = 0;
        for (; i <= outPlane - L; i += L) {
            FloatVector.fromArray(S, m, s0 + i).add(FloatVector.fromArray(S, m, s1 + i)).intoArray(y, dst + i);
        }
        for (; i < outPlane; i++) {
            y[dst + i] = m[s0 + i] + m[s1 + i];
        }
    }

    private void addPlanes(float[] m, int s0, int s1, float b, float[] y, int dst) {
        FloatVector bv = FloatVector.broadcast(S, b);
        int i = 0;
        for (; i <= outPlane - L; i += L) {
            FloatVector.fromArray(S, m, s0 + i).add(FloatVector.fromArray(S, m, s1 + i)).add(bv)
                    .intoArray(y, dst + i);
        }
        for (; i < outPlane; i++) {
            y[dst + i] = m[s0 + i] + m[s1 + i] + b;
        }
    }

    @Override
    public String providerName() {
        return SimdProvider.NAME;
    }

    @Override
    public long workspaceBytes() {
        long scratch = 4L * POINTS * band * ((long) inChannels * inPlane + (long) outChannels * outPlane);
        // Each phase's plan keeps a scratch per concurrent caller in its own pool: up to parts of each.
        long products = 0;
        for (ConvPlan p : this.products) {
            products += p.workspaceBytes();
        }
        return parts * (scratch + products) + direct.workspaceBytes();
    }

    /** The algorithm along depth and, per depth phase, the algorithm of the plan that computes its products. */
    @Override
    public String algorithm() {
        StringBuilder sb = new StringBuilder("convT by Winograd F(2,2) along depth on ").append(stride)
                .append(" depth stride phase(s), products by ");
        for (int r = 0; r < stride; r++) {
            sb.append(r == 0 ? "" : "; ").append(products[r].algorithm());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "simd(convT by Winograd F(2,2) along depth on " + stride + " depth stride phase(s), " + tiles
                + " depth tiles per image in units of " + band + ", each phase: B^T of its input planes, then "
                + products[0]
                + ", then A^T; units=" + units + ", parts=" + parts + "; inputs with non-finite values or |x| >= "
                + inputLimit + " run " + direct + ")";
    }
}
