package dev.vconv.bench.peers;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.bench.Contender;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * PyTorch 2.5.1 (libtorch, CPU) through DJL 0.32.0, fully offline. Two contenders:
 * <ul>
 *   <li>{@code pytorch}: input, weight and bias NDArrays are created once in {@code prepare}; {@code run()} times the
 *       operation alone (and closes the previous output).</li>
 *   <li>{@code pytorch-copy}: {@code run()} also copies the input from the Java {@code float[]} into a new NDArray and
 *       the output back into a {@code float[]}: what a caller holding Java arrays pays. Its time minus
 *       {@code pytorch}'s is the copy cost.</li>
 * </ul>
 * Convolution with symmetric zero padding uses DJL's own op ({@code NDArrayEx.convolution}, i.e.
 * {@code aten::convolution}). The rest goes through small TorchScript modules made by
 * {@code tools/peers/make_torchscript.py}: transposed convolution through {@code conv_transpose.pt}, calling
 * {@code torch.nn.functional.conv_transpose{1,2,3}d} (DJL's {@code Deconvolution} throws
 * UnsupportedOperationException on the PyTorch engine); convolution with a padding mode other than zeros, or with
 * asymmetric padding (from {@code padding='same'}), through {@code conv_padded.pt}, which does what
 * {@code torch.nn.Conv*d} does for those: {@code F.pad(x, pads, mode)} then an unpadded convolution.
 *
 * <p>Offline: unless set on the command line, this class sets the system properties {@code ai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true} before DJL loads (without them engine start-up tries the network). Threads:
 * {@code torch.set_num_threads(threads)} ({@code JniUtils.setNumThreads}) in {@code prepare}, checked with
 * {@code get_num_threads}, and again in {@code run()} when the calling thread last set another count (libtorch's
 * OpenMP thread count is per thread).
 */
public class PyTorchContender implements Contender {
    static final String ENGINE = "PyTorch";
    static final String CONV_TRANSPOSE_MODULE = "conv_transpose.pt";
    static final String CONV_PADDED_MODULE = "conv_padded.pt";

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** The operation alone, arrays created once. */
    public static final class Op extends PyTorchContender {
        public Op() {
            super(false);
        }
    }

    /** The operation plus the float[] -> NDArray copy of the input and the NDArray -> float[] copy of the output. */
    public static final class WithCopy extends PyTorchContender {
        public WithCopy() {
            super(true);
        }
    }

    private final boolean copy;

    PyTorchContender(boolean copy) {
        this.copy = copy;
    }

    @Override
    public String name() {
        return copy ? "pytorch-copy" : "pytorch";
    }

    @Override
    public String unavailableReason() {
        return Load.ERROR;
    }

    /** Starts the engine once (loads libtorch from the pytorch-native-cpu jar, extracted to DJL's cache). */
    private static final class Load {
        static final Engine ENGINE_INSTANCE;
        static final String ERROR;

        static {
            Engine e = null;
            String error = null;
            try {
                e = Engine.getEngine(ENGINE);
                if (e == null) {
                    error = "DJL's PyTorch engine is not on the class path (build with -Ppeers)";
                }
            } catch (Throwable t) {
                error = "DJL's PyTorch engine failed to start offline: " + t;
            }
            ENGINE_INSTANCE = e;
            ERROR = error;
        }
    }

    /** "PyTorch 2.5.1" as DJL reports it. */
    static String version() {
        if (Load.ERROR != null) {
            throw new IllegalStateException(Load.ERROR);
        }
        return Load.ENGINE_INSTANCE.getEngineName() + " " + Load.ENGINE_INSTANCE.getVersion();
    }

    private static final ThreadLocal<int[]> THREADS_SET = ThreadLocal.withInitial(() -> new int[1]);

    static void setThreads(int n) {
        JniUtils.setNumThreads(n);
        int got = JniUtils.getNumThreads();
        if (got != n) {
            throw new IllegalStateException("torch set_num_threads(" + n + ") did not take: get_num_threads() = "
                    + got);
        }
        THREADS_SET.get()[0] = n;
    }

    static void ensureThreads(int n) {
        if (THREADS_SET.get()[0] != n) {
            setThreads(n);
        }
    }

    @Override
    public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) throws IOException {
        if (Load.ERROR != null) {
            throw new IllegalStateException(Load.ERROR);
        }
        return new Case(problem, x, w, bias, threads, copy);
    }

    static long[] longs(int... v) {
        return Arrays.stream(v).asLongStream().toArray();
    }

    static final class Case implements Prepared {
        private final boolean copy;
        private final int threads;
        private final boolean transpose;
        private final boolean scripted;
        private final PtNDManager manager;
        private final float[] xJava;
        private final int xCount;
        private final Shape xShape;
        private final NDArray xa;
        private final NDArray wa;
        private final NDArray ba;
        private final Shape stride;
        private final Shape padding;
        private final Shape dilation;
        private final int groups;
        private final PtSymbolBlock module; // scripted only
        private final IValue[] args;        // scripted only: the module's arguments, x first
        private NDArray y;
        private float[] yCopied;

        Case(ConvProblem problem, float[] x, float[] w, float[] bias, int threads, boolean copy) throws IOException {
            if (threads < 1) {
                throw new IllegalArgumentException("threads = " + threads + ": must be >= 1");
            }
            ConvDescriptor d = problem.descriptor();
            this.copy = copy;
            this.threads = threads;
            this.transpose = d.isTranspose();
            boolean padded = !transpose && (d.paddingMode() != PaddingMode.ZEROS
                    || !Arrays.equals(d.padBefore(), d.padAfter()));
            this.scripted = transpose || padded;
            setThreads(threads);
            manager = (PtNDManager) Load.ENGINE_INSTANCE.newBaseManager(Device.cpu());
            try {
                xJava = x;
                xCount = problem.inputShape().elementCount();
                xShape = new Shape(longs(problem.inputShape().dims()));
                xa = array(x, xCount, xShape);
                wa = array(w, problem.weightShape().elementCount(), new Shape(longs(problem.weightShape().dims())));
                ba = bias == null ? null : array(bias, d.outChannels(), new Shape(d.outChannels()));
                stride = new Shape(longs(d.stride()));
                padding = new Shape(longs(d.padBefore()));
                dilation = new Shape(longs(d.dilation()));
                groups = d.groups();
                if (scripted) {
                    module = loadModule(manager, transpose ? CONV_TRANSPOSE_MODULE : CONV_PADDED_MODULE);
                    NDArray b = ba != null ? ba : manager.create(new float[0]);
                    IValue xv = IValue.from((PtNDArray) xa);
                    IValue wv = IValue.from((PtNDArray) wa);
                    IValue bv = IValue.from((PtNDArray) b);
                    IValue sv = IValue.listFrom(longs(d.stride()));
                    IValue dv = IValue.listFrom(longs(d.dilation()));
                    IValue gv = IValue.from((long) groups);
                    args = transpose
                            ? new IValue[] {xv, wv, bv, sv, IValue.listFrom(longs(d.padBefore())),
                                    IValue.listFrom(longs(d.outputPadding())), gv, dv}
                            : new IValue[] {xv, wv, bv, sv, IValue.listFrom(longs(d.padBefore())),
                                    IValue.listFrom(longs(d.padAfter())), dv, gv,
                                    IValue.from(d.paddingMode().torchName())};
                } else {
                    module = null;
                    args = null;
                }
                // Check the shape once: the mapping of the parameters must give PyTorch's output shape.
                run();
                Shape want = new Shape(longs(problem.outputShape().dims()));
                if (!y.getShape().equals(want)) {
                    throw new IllegalStateException("output shape " + y.getShape() + " != " + want + " for "
                            + problem);
                }
            } catch (RuntimeException | IOException e) {
                close();
                throw e;
            }
        }

        private NDArray array(float[] a, int count, Shape shape) {
            if (a == null || a.length < count) {
                throw new IllegalArgumentException("expected " + count + " floats, got " + (a == null ? "null"
                        : a.length));
            }
            return manager.create(FloatBuffer.wrap(a, 0, count), shape, DataType.FLOAT32);
        }

        private static PtSymbolBlock loadModule(PtNDManager manager, String resource) throws IOException {
            Path tmp = Files.createTempFile("vconv-", "-" + resource);
            try (InputStream in = PyTorchContender.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " missing (profile peers)");
                }
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return JniUtils.loadModule(manager, tmp, true, new String[0], new String[0], false);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        @Override
        public void run() {
            ensureThreads(threads);
            if (y != null) {
                y.close();
            }
            NDArray in = copy ? array(xJava, xCount, xShape) : xa;
            if (scripted) {
                IValue xv = copy ? IValue.from((PtNDArray) in) : args[0];
                IValue[] a = args;
                if (copy) {
                    a = args.clone();
                    a[0] = xv;
                }
                IValue out = module.forward(a);
                y = out.toTensor(manager);
                out.close();
                if (copy) {
                    xv.close();
                }
            } else {
                y = in.getNDArrayInternal().convolution(in, wa, ba, stride, padding, dilation, groups)
                        .singletonOrThrow();
            }
            if (copy) {
                in.close();
                yCopied = y.toFloatArray();
            }
        }

        @Override
        public float[] output() {
            return copy && yCopied != null ? yCopied.clone() : y.toFloatArray();
        }

        @Override
        public void close() {
            if (args != null) {
                for (IValue v : args) {
                    v.close();
                }
            }
            if (module != null) {
                module.close();
            }
            manager.close();
        }
    }
}
