package dev.vconv.bench.peers;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.bench.Contender;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * oneDNN's forward-inference convolution / deconvolution (algorithm direct) through java.lang.foreign, in two modes:
 * <ul>
 *   <li>{@code onednn-blocked}: oneDNN picks the layouts (format_tag any); input and weights are reordered once in
 *       {@code prepare}, and {@code run()} times the primitive alone (the output stays in oneDNN's layout and is
 *       reordered to NC[D]HW only by {@code output()}).</li>
 *   <li>{@code onednn-nchw}: what a caller holding plain NC[D]HW tensors gets: {@code run()} times the reorder of the
 *       input into oneDNN's chosen layout, the primitive, and the reorder of the output back (each skipped when
 *       oneDNN chose the plain layout itself). Weights are reordered once in {@code prepare}, as a caller would cache
 *       them (and as vconv plans pack them once).</li>
 * </ul>
 * Mapping from PyTorch's parameters: oneDNN dilation is 0-based ({@code d - 1}); conv padding is (padBefore, padAfter);
 * deconvolution right padding is {@code padding - output_padding} (checked against PyTorch's output-size formula in
 * {@link #prepare}). Threads: Debian's oneDNN uses OpenMP, so {@code omp_set_num_threads(threads)} is called on the
 * thread that creates the primitive (checked with {@code omp_get_max_threads()}), and again by {@code run()} whenever
 * the calling thread's count was last set to another value (the OpenMP ICV is per thread).
 */
public class OneDnnContender implements Contender {

    /** format_tag any, data reordered once, the primitive alone timed. */
    public static final class Blocked extends OneDnnContender {
        public Blocked() {
            super(false);
        }
    }

    /** Plain NC[D]HW user tensors, input and output reorders timed with the primitive. */
    public static final class Nchw extends OneDnnContender {
        public Nchw() {
            super(true);
        }
    }

    private final boolean plainUser;

    OneDnnContender(boolean plainUser) {
        this.plainUser = plainUser;
    }

    @Override
    public String name() {
        return plainUser ? "onednn-nchw" : "onednn-blocked";
    }

    @Override
    public String unavailableReason() {
        return Dnnl.unavailableReason();
    }

    @Override
    public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) {
        String why = Dnnl.unavailableReason();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        return new Case(problem, x, w, bias, threads, plainUser);
    }

    /** The plain (dense, row-major) format tag for {@code ndims} dimensions: abc, abcd, ... */
    static int plainTag(int ndims) {
        return switch (ndims) {
            case 1 -> Dnnl.TAG_A;
            case 3 -> Dnnl.TAG_ABC;
            case 4 -> Dnnl.TAG_ABCD;
            case 5 -> Dnnl.TAG_ABCDE;
            case 6 -> Dnnl.TAG_ABCDEF;
            default -> throw new IllegalArgumentException("ndims = " + ndims);
        };
    }

    /**
     * The format tag of PyTorch's transposed-convolution weight {@code (C_in, C_out/g, k...)} seen as oneDNN's
     * logical {@code ([g,] O, I, k...)}: memory order {@code [g,] i, o, k...}.
     */
    static int transposedWeightTag(int ndims, boolean grouped) {
        if (grouped) {
            return switch (ndims) {
                case 4 -> Dnnl.TAG_ACBD;
                case 5 -> Dnnl.TAG_ACBDE;
                case 6 -> Dnnl.TAG_ACBDEF;
                default -> throw new IllegalArgumentException("ndims = " + ndims);
            };
        }
        return switch (ndims) {
            case 3 -> Dnnl.TAG_BAC;
            case 4 -> Dnnl.TAG_BACD;
            case 5 -> Dnnl.TAG_BACDE;
            default -> throw new IllegalArgumentException("ndims = " + ndims);
        };
    }

    static long[] longs(int... v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** One prepared case: native buffers, memories and primitives, destroyed by {@link #close()}. */
    static final class Case implements Prepared {
        private final Arena arena = Arena.ofShared();
        private final boolean plainUser;
        private final int threads;
        private final int outCount;
        private final List<MemorySegment> memories = new ArrayList<>();
        private final List<MemorySegment> primitives = new ArrayList<>();
        private final MemorySegment stream;
        private final MemorySegment conv;
        private final MemorySegment convArgs;
        private final int convNargs;
        private final MemorySegment srcReorder; // null when oneDNN's src layout is the plain one
        private final MemorySegment srcReorderArgs;
        private final MemorySegment dstReorder; // null when oneDNN's dst layout is the plain one
        private final MemorySegment dstReorderArgs;
        private final MemorySegment yUser;
        private final String implementation;
        private boolean closed;

        Case(ConvProblem problem, float[] x, float[] w, float[] bias, int threads, boolean plainUser) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads = " + threads + ": must be >= 1");
            }
            ConvDescriptor d = problem.descriptor();
            if (d.paddingMode() != PaddingMode.ZEROS) {
                throw new UnsupportedOperationException("oneDNN supports zero padding only, not padding_mode = '"
                        + d.paddingMode().torchName() + "'");
            }
            this.plainUser = plainUser;
            this.threads = threads;
            boolean deconv = d.isTranspose();
            int rank = d.rank();
            int g = d.groups();
            int cIn = d.inChannels();
            int cOut = d.outChannels();
            int[] k = d.kernelSize();
            int[] stride = d.stride();
            int[] dil = d.dilation();
            int[] padL = d.padBefore();
            int[] padR = new int[rank];
            int[] op = d.outputPadding();
            int[] in = problem.inputShape().dimsFrom(2);
            int[] out = problem.outputShape().dimsFrom(2);
            long[] dilates = new long[rank];
            for (int a = 0; a < rank; a++) {
                dilates[a] = dil[a] - 1;
                padR[a] = deconv ? d.padBefore()[a] - op[a] : d.padAfter()[a];
                long ek = (long) (k[a] - 1) * (dilates[a] + 1) + 1;
                long expect = deconv ? (long) (in[a] - 1) * stride[a] + ek - padL[a] - padR[a]
                        : ((long) in[a] - ek + padL[a] + padR[a]) / stride[a] + 1;
                if (expect != out[a]) {
                    throw new IllegalStateException("parameter mapping error on axis " + a + ": oneDNN's output size "
                            + expect + " != PyTorch's " + out[a] + " for " + problem);
                }
            }

            // Logical dims as oneDNN wants them.
            long[] srcDims = longs(problem.inputShape().dims());
            long[] dstDims = longs(problem.outputShape().dims());
            long[] wDims = new long[rank + (g > 1 ? 3 : 2)];
            int i = 0;
            if (g > 1) {
                wDims[i++] = g;
            }
            wDims[i++] = cOut / g;
            wDims[i++] = cIn / g;
            for (int a = 0; a < rank; a++) {
                wDims[i++] = k[a];
            }
            int actTag = plainTag(rank + 2);
            int wTag = deconv ? transposedWeightTag(wDims.length, g > 1) : plainTag(wDims.length);

            Dnnl.setThreads(threads); // before the primitive is created: oneDNN plans for omp_get_max_threads()
            stream = Dnnl.newStream();
            MemorySegment pd = MemorySegment.NULL;
            try {
                MemorySegment srcUserMd = Dnnl.memoryDesc(arena, srcDims, actTag);
                MemorySegment wUserMd = Dnnl.memoryDesc(arena, wDims, wTag);
                MemorySegment dstUserMd = Dnnl.memoryDesc(arena, dstDims, actTag);
                MemorySegment biasMd = bias == null ? MemorySegment.NULL
                        : Dnnl.memoryDesc(arena, new long[] {cOut}, Dnnl.TAG_A);
                MemorySegment srcAny = Dnnl.memoryDesc(arena, srcDims, Dnnl.TAG_ANY);
                MemorySegment wAny = Dnnl.memoryDesc(arena, wDims, Dnnl.TAG_ANY);
                MemorySegment dstAny = Dnnl.memoryDesc(arena, dstDims, Dnnl.TAG_ANY);
                MemorySegment opDesc = Dnnl.convDesc(arena, deconv, srcAny, wAny, biasMd, dstAny, longs(stride),
                        dilates, longs(padL), longs(padR));
                pd = Dnnl.primitiveDesc(opDesc);
                implementation = Dnnl.implInfo(pd);
                MemorySegment srcMd = Dnnl.queryMd(pd, Dnnl.QUERY_SRC_MD);
                MemorySegment wMd = Dnnl.queryMd(pd, Dnnl.QUERY_WEIGHTS_MD);
                MemorySegment dstMd = Dnnl.queryMd(pd, Dnnl.QUERY_DST_MD);
                conv = primitive(pd);

                MemorySegment xUser = copyIn(x, problem.inputShape().elementCount(), "input");
                MemorySegment wUser = copyIn(w, problem.weightShape().elementCount(), "weight");
                outCount = problem.outputShape().elementCount();
                yUser = arena.allocate((long) outCount * Float.BYTES, 64);

                MemorySegment xUserMem = memory(srcUserMd, xUser);
                MemorySegment wUserMem = memory(wUserMd, wUser);
                MemorySegment yUserMem = memory(dstUserMd, yUser);
                MemorySegment xMem = Dnnl.equal(srcMd, srcUserMd) ? xUserMem : memory(srcMd, buffer(srcMd));
                MemorySegment wMem = Dnnl.equal(wMd, wUserMd) ? wUserMem : memory(wMd, buffer(wMd));
                MemorySegment yMem = Dnnl.equal(dstMd, dstUserMd) ? yUserMem : memory(dstMd, buffer(dstMd));

                srcReorder = xMem == xUserMem ? null : reorder(srcUserMd, srcMd);
                srcReorderArgs = srcReorder == null ? null
                        : Dnnl.execArgs(arena, Dnnl.ARG_FROM, xUserMem, Dnnl.ARG_TO, xMem);
                dstReorder = yMem == yUserMem ? null : reorder(dstMd, dstUserMd);
                dstReorderArgs = dstReorder == null ? null
                        : Dnnl.execArgs(arena, Dnnl.ARG_FROM, yMem, Dnnl.ARG_TO, yUserMem);
                if (wMem != wUserMem) {
                    MemorySegment wReorder = reorder(wUserMd, wMd);
                    Dnnl.execute(wReorder, stream, 2, Dnnl.execArgs(arena, Dnnl.ARG_FROM, wUserMem, Dnnl.ARG_TO, wMem));
                }
                if (!plainUser && srcReorder != null) {
                    Dnnl.execute(srcReorder, stream, 2, srcReorderArgs);
                }
                Dnnl.streamWait(stream);

                if (bias == null) {
                    convArgs = Dnnl.execArgs(arena, Dnnl.ARG_SRC, xMem, Dnnl.ARG_WEIGHTS, wMem, Dnnl.ARG_DST, yMem);
                    convNargs = 3;
                } else {
                    MemorySegment bMem = memory(biasMd, copyIn(bias, cOut, "bias"));
                    convArgs = Dnnl.execArgs(arena, Dnnl.ARG_SRC, xMem, Dnnl.ARG_WEIGHTS, wMem, Dnnl.ARG_BIAS, bMem,
                            Dnnl.ARG_DST, yMem);
                    convNargs = 4;
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            } finally {
                if (!pd.equals(MemorySegment.NULL)) {
                    Dnnl.destroyPrimitiveDesc(pd);
                }
            }
        }

        private MemorySegment copyIn(float[] a, int count, String what) {
            if (a == null || a.length < count) {
                throw new IllegalArgumentException(what + ": expected " + count + " floats, got "
                        + (a == null ? "null" : a.length));
            }
            MemorySegment s = arena.allocate((long) count * Float.BYTES, 64);
            MemorySegment.copy(a, 0, s, ValueLayout.JAVA_FLOAT, 0, count);
            return s;
        }

        private MemorySegment buffer(MemorySegment md) {
            return arena.allocate(Math.max(Dnnl.size(md), 4), 64);
        }

        private MemorySegment memory(MemorySegment md, MemorySegment buffer) {
            MemorySegment m = Dnnl.memory(md, buffer);
            memories.add(m);
            return m;
        }

        private MemorySegment primitive(MemorySegment pd) {
            MemorySegment p = Dnnl.primitive(pd);
            primitives.add(p);
            return p;
        }

        private MemorySegment reorder(MemorySegment from, MemorySegment to) {
            MemorySegment pd = Dnnl.reorderDesc(from, to);
            try {
                return primitive(pd);
            } finally {
                if (!pd.equals(MemorySegment.NULL)) {
                    Dnnl.destroyPrimitiveDesc(pd);
                }
            }
        }

        private void ensureThreads() {
            Dnnl.ensureThreads(threads);
        }

        /** oneDNN's implementation name, e.g. "jit:avx512_core"; with which reorders run() includes. */
        String implementation() {
            return implementation + (plainUser ? " (nchw: src reorder " + (srcReorder != null) + ", dst reorder "
                    + (dstReorder != null) + ")" : "");
        }

        @Override
        public void run() {
            ensureThreads();
            if (plainUser && srcReorder != null) {
                Dnnl.execute(srcReorder, stream, 2, srcReorderArgs);
            }
            Dnnl.execute(conv, stream, convNargs, convArgs);
            if (plainUser && dstReorder != null) {
                Dnnl.execute(dstReorder, stream, 2, dstReorderArgs);
            }
            Dnnl.streamWait(stream);
        }

        @Override
        public float[] output() {
            if (!plainUser && dstReorder != null) {
                ensureThreads();
                Dnnl.execute(dstReorder, stream, 2, dstReorderArgs);
                Dnnl.streamWait(stream);
            }
            float[] y = new float[outCount];
            MemorySegment.copy(yUser, ValueLayout.JAVA_FLOAT, 0, y, 0, outCount);
            return y;
        }

        @Override
        public String toString() {
            return implementation();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (MemorySegment p : primitives) {
                Dnnl.destroyPrimitive(p);
            }
            for (MemorySegment m : memories) {
                Dnnl.destroyMemory(m);
            }
            Dnnl.destroyStream(stream);
            arena.close();
        }
    }
}
