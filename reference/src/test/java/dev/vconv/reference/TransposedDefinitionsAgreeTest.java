package dev.vconv.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The three transposed-convolution definitions agree exactly on small-integer data over a grid: every rank,
 * stride 1-3, dilation 1-2, groups 1-2, every legal output padding, padding 0-2, with and without bias.
 * Small integers make every partial sum exact, so any difference is a bug, not rounding.
 */
class TransposedDefinitionsAgreeTest {

    @Test
    void scatterZeroInsertionAndMatrixAgreeExactly() {
        Random random = new Random(42);
        int checked = 0;
        for (int rank = 1; rank <= 3; rank++) {
            for (int stride = 1; stride <= 3; stride++) {
                for (int dilation = 1; dilation <= 2; dilation++) {
                    for (int groups = 1; groups <= 2; groups++) {
                        for (int padding = 0; padding <= 2; padding++) {
                            for (int op = 0; op < Math.max(stride, dilation); op++) {
                                checked += check(rank, stride, dilation, groups, padding, op, random);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 200, "only " + checked + " grid points were valid problems");
    }

    private static int check(int rank, int stride, int dilation, int groups, int padding, int op, Random random) {
        int kernel = 2 + random.nextInt(2);
        int[] shape = new int[rank + 2];
        shape[0] = 1 + random.nextInt(2);
        shape[1] = 2 * groups;
        for (int a = 0; a < rank; a++) {
            shape[a + 2] = (rank == 1 ? 4 : 2) + random.nextInt(2);
        }
        ConvDescriptor d = ConvDescriptor.convTranspose(rank).inChannels(2 * groups).outChannels(3 * groups)
                .groups(groups).kernelSize(kernel).stride(stride).dilation(dilation).padding(padding)
                .outputPadding(op).bias(random.nextBoolean()).build();
        ConvProblem p;
        try {
            p = d.problem(shape);
        } catch (IllegalArgumentException emptyOutput) {
            return 0; // padding crops everything: not a problem to compare on
        }
        float[] x = smallIntegers(p.inputShape().elementCount(), random);
        float[] w = smallIntegers(p.weightShape().elementCount(), random);
        float[] b = d.bias() ? smallIntegers(d.outChannels(), random) : null;
        int n = p.outputShape().elementCount();
        float[] scatter = new float[n];
        float[] zeros = new float[n];
        float[] matrix = new float[n];
        ScatterConvTranspose.convTranspose(p, x, 0, w, b, scatter, 0);
        ZeroInsertionConvTranspose.convTranspose(p, x, 0, w, b, zeros, 0);
        MatrixConvTranspose.convTranspose(p, x, 0, w, b, matrix, 0);
        for (int i = 0; i < n; i++) {
            int at = i;
            assertEquals(scatter[i], zeros[i], 0f, () -> p + ": scatter vs zero insertion at " + at);
            assertEquals(scatter[i], matrix[i], 0f, () -> p + ": scatter vs matrix at " + at);
        }
        return 1;
    }

    static float[] smallIntegers(int n, Random random) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextInt(7) - 3;
        }
        return a;
    }
}
