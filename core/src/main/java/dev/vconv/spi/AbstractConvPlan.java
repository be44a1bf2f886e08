package dev.vconv.spi;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.Shape;

/**
 * The checks every plan owes its caller, written once: weights at plan time, arrays and offsets at execute time.
 * Subclasses implement {@link #compute}, which may assume valid arguments.
 */
public abstract class AbstractConvPlan implements ConvPlan {
    protected final ConvProblem problem;

    /** Checks {@code weight} and {@code bias} against {@code problem}. Keeps neither: subclasses copy or pack. */
    protected AbstractConvPlan(ConvProblem problem, float[] weight, float[] bias) {
        if (problem == null) {
            throw new IllegalArgumentException("problem: null");
        }
        this.problem = problem;
        checkWeights(problem, weight, bias);
    }

    /** The plan-time checks, for providers that do not extend this class. */
    public static void checkWeights(ConvProblem problem, float[] weight, float[] bias) {
        int weightCount = problem.weightShape().elementCount();
        if (weight == null) {
            throw new IllegalArgumentException("weight: null, expected " + weightCount + " values of shape "
                    + problem.weightShape());
        }
        if (weight.length != weightCount) {
            throw new IllegalArgumentException("weight: length " + weight.length + ", expected " + weightCount
                    + " values of shape " + problem.weightShape());
        }
        int biasLength = problem.biasLength();
        if (biasLength == 0 && bias != null) {
            throw new IllegalArgumentException("bias: got " + bias.length
                    + " values, but the descriptor has bias=False; pass null or build with bias(true)");
        }
        if (biasLength > 0 && bias == null) {
            throw new IllegalArgumentException("bias: null, but the descriptor has bias=True and needs "
                    + biasLength + " values (out_channels); pass them or build with bias(false)");
        }
        if (biasLength > 0 && bias.length != biasLength) {
            throw new IllegalArgumentException("bias: length " + bias.length + ", expected out_channels = "
                    + biasLength);
        }
    }

    /** The execute-time checks: nulls, offsets, lengths, and an output overlapping the input. */
    public static void checkArrays(ConvProblem problem, float[] input, int inputOffset, float[] output,
            int outputOffset) {
        int inCount = problem.inputShape().elementCount();
        int outCount = problem.outputShape().elementCount();
        checkArray("input", input, inputOffset, inCount, problem.inputShape());
        checkArray("output", output, outputOffset, outCount, problem.outputShape());
        if (input == output) {
            long inEnd = (long) inputOffset + inCount;
            long outEnd = (long) outputOffset + outCount;
            if (inputOffset < outEnd && outputOffset < inEnd) {
                throw new IllegalArgumentException("output: aliases input (the same array, elements ["
                        + outputOffset + ", " + outEnd + ") overlap [" + inputOffset + ", " + inEnd
                        + ")); the output must not overlap the input");
            }
        }
    }

    /** The shape is described only when the check fails: a call that passes allocates nothing here. */
    private static void checkArray(String name, float[] a, int offset, int count, Shape shape) {
        if (a == null) {
            throw new IllegalArgumentException(name + ": null, expected " + count + " values of shape " + shape);
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + "Offset = " + offset + ": must be >= 0");
        }
        if ((long) offset + count > a.length) {
            throw new IllegalArgumentException(name + ": length " + a.length + " from " + name + "Offset = " + offset
                    + " holds " + Math.max(0, a.length - offset) + " values, shape " + shape + " needs " + count);
        }
    }

    @Override
    public final ConvProblem problem() {
        return problem;
    }

    @Override
    public final void execute(float[] input, int inputOffset, float[] output, int outputOffset) {
        checkArrays(problem, input, inputOffset, output, outputOffset);
        compute(input, inputOffset, output, outputOffset);
    }

    /** Computes the output; the arguments have been checked. */
    protected abstract void compute(float[] input, int inputOffset, float[] output, int outputOffset);
}
