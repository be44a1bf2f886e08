package dev.vconv.reference;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import java.util.Arrays;

/**
 * Transposed convolution as the textbook picture of an ordinary convolution:
 * <ol>
 *   <li>insert {@code stride-1} zeros between neighbouring input elements (length {@code (in-1)s + 1});</li>
 *   <li>pad each side with {@code P = d(k-1) - p} zeros, plus {@code output_padding} more at the end (a negative
 *       {@code P} crops instead);</li>
 *   <li>convolve at stride 1 and dilation {@code d} with the kernel flipped along every spatial axis and its in/out
 *       channel axes swapped: {@code w'[oc, icg, k] = w[ic, ocg, K-1-k]}.</li>
 * </ol>
 * The two tensors of steps 1-3 are built explicitly and handed to {@link GatherConv}.
 *
 * <p>The picture holds for finite weights. With an infinite or NaN weight it differs from PyTorch (and from
 * {@link ScatterConvTranspose}): it multiplies the inserted and padding zeros ({@code 0 * Inf = NaN}) where PyTorch
 * has no term at all.
 */
public final class ZeroInsertionConvTranspose {
    private ZeroInsertionConvTranspose() {
    }

    /**
     * @param problem a transposed convolution
     * @param w {@code (C_in, C_out/groups, k...)}
     * @param bias {@code C_out} values or null
     */
    public static void convTranspose(ConvProblem problem, float[] x, int xOff, float[] w, float[] bias,
            float[] y, int yOff) {
        ConvDescriptor d = problem.descriptor();
        if (!d.isTranspose()) {
            throw new IllegalArgumentException("problem: " + d + " is not a transposed convolution");
        }
        int rank = d.rank();
        int batch = problem.batch();
        int inC = d.inChannels();
        int outC = d.outChannels();
        int groups = d.groups();
        int inPerGroup = inC / groups;
        int outPerGroup = outC / groups;
        int[] in = problem.inputSize3();
        int[] k = problem.kernel3();
        int[] s = problem.stride3();
        int[] dil = problem.dilation3();
        int[] pad = problem.padBefore3();
        int[] op = problem.outputPadding3();

        // Steps 1 and 2: z = zero-inserted, padded (or cropped) input.
        int[] before = new int[3];
        int[] z = new int[3];
        for (int a = 0; a < 3; a++) {
            before[a] = dil[a] * (k[a] - 1) - pad[a];
            z[a] = (in[a] - 1) * s[a] + 1 + 2 * before[a] + op[a];
        }
        float[] zx = new float[batch * inC * z[0] * z[1] * z[2]];
        for (int nc = 0; nc < batch * inC; nc++) {
            for (int zd = 0; zd < z[0]; zd++) {
                int id = sourceOf(zd, before[0], s[0], in[0]);
                for (int zh = 0; zh < z[1]; zh++) {
                    int ih = sourceOf(zh, before[1], s[1], in[1]);
                    for (int zw = 0; zw < z[2]; zw++) {
                        int iw = sourceOf(zw, before[2], s[2], in[2]);
                        if (id >= 0 && ih >= 0 && iw >= 0) {
                            zx[((nc * z[0] + zd) * z[1] + zh) * z[2] + zw] =
                                    x[xOff + ((nc * in[0] + id) * in[1] + ih) * in[2] + iw];
                        }
                    }
                }
            }
        }

        // Step 3: flipped kernel with in/out channels swapped, in conv layout (C_out, C_in/groups, k...).
        float[] flipped = new float[w.length];
        for (int ic = 0; ic < inC; ic++) {
            int group = ic / inPerGroup;
            int icg = ic % inPerGroup;
            for (int ocg = 0; ocg < outPerGroup; ocg++) {
                int oc = group * outPerGroup + ocg;
                for (int kd = 0; kd < k[0]; kd++) {
                    for (int kh = 0; kh < k[1]; kh++) {
                        for (int kw = 0; kw < k[2]; kw++) {
                            flipped[(((oc * inPerGroup + icg) * k[0] + (k[0] - 1 - kd)) * k[1] + (k[1] - 1 - kh))
                                    * k[2] + (k[2] - 1 - kw)] =
                                    w[(((ic * outPerGroup + ocg) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                        }
                    }
                }
            }
        }

        int[] zShape = new int[rank + 2];
        zShape[0] = batch;
        zShape[1] = inC;
        System.arraycopy(z, 3 - rank, zShape, 2, rank);
        ConvProblem conv = ConvDescriptor.conv(rank)
                .inChannels(inC).outChannels(outC).groups(groups)
                .kernelSize(Arrays.copyOfRange(k, 3 - rank, 3))
                .dilation(Arrays.copyOfRange(dil, 3 - rank, 3))
                .stride(1).padding(0).bias(bias != null)
                .build().problem(zShape);
        GatherConv.conv(conv, zx, 0, flipped, bias, y, yOff);
    }

    /** Which input element padded, zero-inserted position {@code zi} holds, or -1 for an inserted or padding zero. */
    private static int sourceOf(int zi, int before, int stride, int inSize) {
        int u = zi - before;
        if (u < 0 || u % stride != 0 || u / stride >= inSize) {
            return -1;
        }
        return u / stride;
    }
}
