package dev.vconv.bench;

import dev.vconv.ConvProblem;
import java.util.SplittableRandom;

/** A problem's input, weight and bias, filled once from a fixed seed with uniform values in [-1, 1). */
public record Inputs(ConvProblem problem, float[] x, float[] w, float[] bias) {

    public static Inputs random(ConvProblem problem, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = fill(r, problem.inputShape().elementCount());
        float[] w = fill(r, problem.weightShape().elementCount());
        float[] bias = problem.biasLength() == 0 ? null : fill(r, problem.biasLength());
        return new Inputs(problem, x, w, bias);
    }

    private static float[] fill(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
        }
        return a;
    }

    /** Element-wise absolute values: the reference run on these gives sum |x*w| (+ |bias|) per output element. */
    public Inputs abs() {
        return new Inputs(problem, abs(x), abs(w), bias == null ? null : abs(bias));
    }

    private static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }
}
