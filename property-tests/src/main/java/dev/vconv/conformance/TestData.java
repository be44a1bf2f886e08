package dev.vconv.conformance;

import dev.vconv.ConvProblem;
import java.util.SplittableRandom;

/**
 * Deterministic tensors for a problem: input, weight and bias from one seed.
 *
 * <p>{@link #smallIntegers}: input and weight in {@code [-3, 3]}, bias in {@code [-8, 8]}. Every product is at most 9,
 * so for the problems the kit builds every partial sum of every output element is an integer far below
 * {@code 2^24}: exactly representable in float whatever the order of summation. Any correct float32 kernel, however
 * it blocks or vectorises, must then equal the reference bit for bit.
 *
 * <p>{@link #reals}: uniform in {@code [-1, 1)}, bias too; compared within {@link ErrorBound}.
 */
public record TestData(float[] input, float[] weight, float[] bias) {

    public static TestData smallIntegers(ConvProblem p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[p.inputShape().elementCount()];
        float[] w = new float[p.weightShape().elementCount()];
        float[] b = p.biasLength() == 0 ? null : new float[p.biasLength()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(-3, 4);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(-3, 4);
        }
        if (b != null) {
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(-8, 9);
            }
        }
        return new TestData(x, w, b);
    }

    public static TestData reals(ConvProblem p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[p.inputShape().elementCount()];
        float[] w = new float[p.weightShape().elementCount()];
        float[] b = p.biasLength() == 0 ? null : new float[p.biasLength()];
        fill(r, x);
        fill(r, w);
        if (b != null) {
            fill(r, b);
        }
        return new TestData(x, w, b);
    }

    /** Uniform reals in {@code [-1, 1)}, as floats. */
    public static float[] reals(int n, long seed) {
        float[] a = new float[n];
        fill(new SplittableRandom(seed), a);
        return a;
    }

    private static void fill(SplittableRandom r, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
    }
}
