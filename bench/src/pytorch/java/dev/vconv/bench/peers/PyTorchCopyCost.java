package dev.vconv.bench.peers;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vconv.ConvProblem;
import dev.vconv.bench.Suite;
import dev.vconv.bench.SuiteCase;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The cost a Java caller pays around a PyTorch call, per suite row: copying the input {@code float[]} into a new
 * NDArray ({@code NDManager.create}) and the output NDArray back into a {@code float[]} ({@code toFloatArray}), the
 * two copies {@code pytorch-copy} adds to {@code pytorch}. Median of 15 after 5 warm-up rounds, one thread.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp ... dev.vconv.bench.peers.PyTorchCopyCost</pre>
 */
public final class PyTorchCopyCost {
    private PyTorchCopyCost() {
    }

    public static void main(String[] args) {
        new PyTorchContender.Op(); // sets the offline properties before DJL loads
        Engine engine = Engine.getEngine(PyTorchContender.ENGINE);
        System.out.printf("%-15s %12s %12s %12s %12s%n", "case", "in MB", "in ms", "out MB", "out ms");
        for (SuiteCase c : Suite.load()) {
            ConvProblem p = c.problem();
            float[] x = PeerCheck.random(p.inputShape().elementCount(), 1);
            Shape xs = new Shape(Arrays.stream(p.inputShape().dims()).asLongStream().toArray());
            Shape ys = new Shape(Arrays.stream(p.outputShape().dims()).asLongStream().toArray());
            try (NDManager m = engine.newBaseManager(Device.cpu())) {
                NDArray y = m.ones(ys, DataType.FLOAT32);
                long[] in = new long[15];
                long[] out = new long[15];
                for (int i = -5; i < in.length; i++) {
                    long t0 = System.nanoTime();
                    NDArray a = m.create(FloatBuffer.wrap(x), xs, DataType.FLOAT32);
                    long t1 = System.nanoTime();
                    float[] back = y.toFloatArray();
                    long t2 = System.nanoTime();
                    a.close();
                    if (back.length != p.outputShape().elementCount()) {
                        throw new AssertionError();
                    }
                    if (i >= 0) {
                        in[i] = t1 - t0;
                        out[i] = t2 - t1;
                    }
                }
                Arrays.sort(in);
                Arrays.sort(out);
                System.out.printf("%-15s %12.2f %12.3f %12.2f %12.3f%n", c.name(), x.length * 4e-6, in[7] / 1e6,
                        p.outputShape().elementCount() * 4e-6, out[7] / 1e6);
            }
        }
    }
}
