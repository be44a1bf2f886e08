package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.VConv;
import org.junit.jupiter.api.Test;

/** Cases the reliability fuzzing found, pinned: huge strides, absurd padding, non-finite weights in convT. */
class SimdEdgeCasesTest {

    @Test
    void aStrideFarLargerThanThePaddedInput() {
        // Found by BuilderFuzzProperties: stride 46341 split each axis into 46341 phase planes and overflowed an int.
        ConvTester.conv(2).batch(2).channels(4, 4).size(2, 10).kernel(3).stride(46341).padding(2).dilation(2)
                .testExact();
        ConvTester.conv(1).channels(3, 5).size(7).kernel(2).stride(1000).padding(1).testExact();
        ConvTester.conv(3).channels(2, 3).size(3, 4, 5).kernel(2).stride(9, 1, 9).testExact();
    }

    @Test
    void paddingThatDwarfsTheInputIsDeclinedAndVConvFallsBack() {
        ConvProblem absurd = ConvDescriptor.conv(3).inChannels(1).outChannels(1).kernelSize(2).dilation(1999)
                .padding(1000).build().problem(1, 1, 1, 1, 1);
        String why = new SimdProvider().declineReason(absurd);
        assertNotNull(why, "a padded buffer of 2001^3 floats overflows an int");
        assertThrows(IllegalArgumentException.class,
                () -> new SimdProvider().plan(absurd, new float[8], new float[1], PlanOptions.defaults()));
        ConvPlan plan = VConv.plan(absurd, new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new float[] {0.5f});
        assertEquals("reference", plan.providerName(), plan.toString());
        // Output (0,0,0) reads padded positions -1000 and 999 on each axis; the input sits at 0: the output is the bias.
        assertEquals(0.5f, plan.apply(new float[] {3})[0]);

        ConvProblem wide = ConvDescriptor.conv(1).inChannels(1).outChannels(1).kernelSize(2).dilation(1 << 26)
                .padding(1 << 25).build().problem(1, 1, 1);
        assertTrue(new SimdProvider().declineReason(wide).contains("times the input"),
                new SimdProvider().declineReason(wide));
        assertNull(new SimdProvider().declineReason(ConvDescriptor.conv(2).inChannels(3).outChannels(64).kernelSize(7)
                .stride(2).padding(3).build().problem(1, 3, 224, 224)), "an ordinary stem must not be declined");
    }

    @Test
    void transposedConvWithNonFiniteWeightsHasNoTermsOutsideTheInput() {
        // PyTorch 1.13: F.conv_transpose2d(ones(1,1,3,3), w, padding=1), w = ones with w[0,0,0,0] = inf.
        float inf = Float.POSITIVE_INFINITY;
        ConvProblem up = ConvDescriptor.convTranspose(2).inChannels(1).outChannels(1).kernelSize(3).padding(1)
                .bias(false).build().problem(1, 1, 3, 3);
        ConvPlan plan = new SimdProvider().plan(up, new float[] {inf, 1, 1, 1, 1, 1, 1, 1, 1}, null,
                PlanOptions.defaults());
        float[] y = plan.apply(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {inf, inf, 4, inf, inf, 6, 4, 6, 4}, y,
                plan.toString());
        // PyTorch: F.conv_transpose2d(ones(1,1,2,2), w, stride=2, padding=1) = [[1,2,1],[2,inf,2],[1,2,1]].
        ConvProblem strided = ConvDescriptor.convTranspose(2).inChannels(1).outChannels(1).kernelSize(3).stride(2)
                .padding(1).bias(false).build().problem(1, 1, 2, 2);
        float[] z = new SimdProvider().plan(strided, new float[] {inf, 1, 1, 1, 1, 1, 1, 1, 1}, null,
                PlanOptions.defaults()).apply(new float[] {1, 1, 1, 1});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2, 1, 2, inf, 2, 1, 2, 1}, z);
    }
}
