package dev.vconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every validation rule: the exception type, and a message that names the parameter and quotes the value. */
class ConvDescriptorTest {

    private static ConvDescriptor.Builder conv2d() {
        return ConvDescriptor.conv(2).inChannels(4).outChannels(6).kernelSize(3);
    }

    private static ConvDescriptor.Builder convT2d() {
        return ConvDescriptor.convTranspose(2).inChannels(4).outChannels(6).kernelSize(3);
    }

    private static void rejects(Executable e, String... mustMention) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String m : mustMention) {
            assertTrue(ex.getMessage().contains(m), () -> "message '" + ex.getMessage() + "' should mention " + m);
        }
    }

    @Test
    void sizesMustBePositive() {
        rejects(() -> conv2d().inChannels(0).build(), "in_channels", "0");
        rejects(() -> conv2d().outChannels(-2).build(), "out_channels", "-2");
        rejects(() -> conv2d().kernelSize(3, 0).build(), "kernel_size", "[3, 0]");
        rejects(() -> conv2d().stride(0).build(), "stride", "0");
        rejects(() -> conv2d().dilation(1, -1).build(), "dilation", "-1");
        rejects(() -> conv2d().padding(-1).build(), "padding", "-1");
        rejects(() -> conv2d().groups(0).build(), "groups", "0");
        rejects(() -> ConvDescriptor.conv(4).inChannels(1).outChannels(1).kernelSize(1).build(), "rank", "4");
        rejects(() -> ConvDescriptor.conv(2).inChannels(1).outChannels(1).build(), "kernel_size", "required");
    }

    @Test
    void perAxisValuesTakeOneOrRankValues() {
        rejects(() -> conv2d().stride(1, 2, 3).build(), "stride", "[1, 2, 3]", "1 or 2");
        rejects(() -> conv2d().kernelSize().build(), "kernel_size");
    }

    @Test
    void channelsMustBeDivisibleByGroups() {
        rejects(() -> conv2d().groups(3).build(), "in_channels = 4", "groups = 3", "divisible");
        rejects(() -> conv2d().inChannels(6).outChannels(4).groups(3).build(), "out_channels = 4", "groups = 3");
    }

    @Test
    void outputPaddingMustBeSmallerThanStrideOrDilation() {
        rejects(() -> convT2d().stride(2).outputPadding(2).build(), "output_padding[0] = 2", "stride", "dilation");
        rejects(() -> convT2d().outputPadding(1).build(), "output_padding[0] = 1");
        // Allowed: below the larger of stride and dilation.
        convT2d().stride(1).dilation(3).outputPadding(2).build();
        convT2d().stride(2, 3).outputPadding(1, 2).build();
        rejects(() -> conv2d().outputPadding(1).build(), "output_padding", "conv");
    }

    @Test
    void samePaddingOnlyAtStrideOneAndOnlyForConv() {
        rejects(() -> conv2d().stride(2).padding("same").build(), "same", "stride", "[2, 2]");
        rejects(() -> convT2d().padding("same").build(), "padding = 'same'", "transposed");
        rejects(() -> conv2d().padding("full").build(), "padding = 'full'");
    }

    @Test
    void samePaddingPutsTheOddElementAtTheEnd() {
        ConvDescriptor d = conv2d().kernelSize(4, 3).dilation(1, 2).padding("same").build();
        assertArrayEquals(new int[] {1, 2}, d.padBefore());
        assertArrayEquals(new int[] {2, 2}, d.padAfter());
        assertArrayEquals(new int[] {1, 6, 9, 7}, d.problem(1, 4, 9, 7).outputShape().dims());
    }

    @Test
    void transposedConvAcceptsOnlyZerosPadding() {
        rejects(() -> convT2d().paddingMode(PaddingMode.REFLECT).build(), "padding_mode = 'reflect'", "zeros");
        rejects(() -> conv2d().paddingMode("mirror"), "padding_mode = 'mirror'");
    }

    @Test
    void reflectAndCircularPaddingAreBoundedByTheInput() {
        ConvDescriptor reflect = conv2d().padding(3).paddingMode("reflect").build();
        rejects(() -> reflect.problem(1, 4, 3, 8), "reflect", "padding = 3", "input size 3");
        reflect.problem(1, 4, 4, 8);
        ConvDescriptor circular = conv2d().padding(3).paddingMode("circular").build();
        rejects(() -> circular.problem(1, 4, 8, 2), "circular", "padding = 3", "input size 2");
        circular.problem(1, 4, 8, 3);
    }

    @Test
    void inputMustHaveTheRightRankAndChannels() {
        ConvDescriptor d = conv2d().build();
        rejects(() -> d.problem(1, 4, 8), "input shape = [1, 4, 8]", "4 dims");
        rejects(() -> d.problem(1, 5, 8, 8), "channel dimension 5", "in_channels = 4");
        rejects(() -> d.problem(1, 4, 0, 8), "input shape", "dimension 2 = 0");
    }

    @Test
    void outputMustNotBeEmpty() {
        rejects(() -> conv2d().dilation(2).build().problem(1, 4, 4, 8), "padded input size 4", "dilated kernel size",
                "5");
        rejects(() -> convT2d().padding(3).build().problem(1, 4, 1, 1), "output size", "-3");
    }

    @Test
    void sizesThatOverflowAnIntAreRejectedUpFront() {
        ConvDescriptor d = conv2d().build();
        rejects(() -> d.problem(65536, 4, 128, 128), "input shape", "Integer.MAX_VALUE", "4294967296");
        rejects(() -> ConvDescriptor.conv(3).inChannels(1 << 12).outChannels(1 << 12).kernelSize(64).build(),
                "weight shape", "Integer.MAX_VALUE");
        // The output may overflow when the input does not.
        rejects(() -> ConvDescriptor.convTranspose(2).inChannels(1).outChannels(1 << 20).kernelSize(1).bias(false)
                .build().problem(1, 1, 64, 64), "output shape", "Integer.MAX_VALUE");
        // A spatial size that overflows an int in the formula itself.
        rejects(() -> ConvDescriptor.convTranspose(1).inChannels(1).outChannels(1).kernelSize(3)
                .stride(1 << 20).build().problem(1, 1, 1 << 12), "output size", "Integer.MAX_VALUE");
    }

    @Test
    void shapeMath() {
        ConvDescriptor stem = ConvDescriptor.conv(2).inChannels(3).outChannels(64).kernelSize(7).stride(2).padding(3)
                .build();
        ConvProblem p = stem.problem(1, 3, 224, 224);
        assertArrayEquals(new int[] {1, 64, 112, 112}, p.outputShape().dims());
        assertArrayEquals(new int[] {64, 3, 7, 7}, stem.weightShape().dims());
        assertEquals(64, stem.biasLength());
        assertEquals(2L * 64 * 112 * 112 * 3 * 49, p.flops());

        ConvDescriptor up = ConvDescriptor.convTranspose(3).inChannels(8).outChannels(6).groups(2).kernelSize(4)
                .stride(2).padding(1).bias(false).build();
        ConvProblem q = up.problem(2, 8, 5, 6, 7);
        assertArrayEquals(new int[] {2, 6, 10, 12, 14}, q.outputShape().dims());
        assertArrayEquals(new int[] {8, 3, 4, 4, 4}, up.weightShape().dims());
        assertEquals(0, up.biasLength());
        assertEquals(2L * 2 * 8 * (5 * 6 * 7) * 3 * 64, q.flops());

        // Lifting to three axes.
        ConvProblem one = ConvDescriptor.conv(1).inChannels(1).outChannels(1).kernelSize(3).dilation(2).build()
                .problem(1, 1, 10);
        assertArrayEquals(new int[] {1, 1, 10}, one.inputSize3());
        assertArrayEquals(new int[] {1, 1, 6}, one.outputSize3());
        assertArrayEquals(new int[] {1, 1, 2}, one.dilation3());
    }

    @Test
    void outputSizeRuleRoundTrips() {
        ConvDescriptor up = ConvDescriptor.convTranspose(2).inChannels(2).outChannels(2).kernelSize(3).stride(2)
                .padding(1).build();
        Shape in = Shape.of(1, 2, 7, 5);
        // At output padding 0 the output is (in-1)*2 - 2 + 2 + 1 = 13 x 9; stride 2 allows +1.
        assertArrayEquals(new int[] {0, 1}, up.outputPaddingFor(in, 13, 10));
        assertArrayEquals(new int[] {1, 0}, up.outputPaddingFor(in, 1, 2, 14, 9));
        int[] op = up.outputPaddingFor(in, 14, 10);
        assertArrayEquals(new int[] {1, 2, 14, 10}, up.withOutputPadding(op).problem(in).outputShape().dims());
        rejects(() -> up.outputPaddingFor(in, 15, 9), "output_size", "15", "13 to 14");
        // Dilation widens the range: output padding < max(stride, dilation).
        ConvDescriptor dilated = up.toBuilder().stride(1).dilation(3).build();
        assertArrayEquals(new int[] {2, 0}, dilated.outputPaddingFor(in, 13, 9));
        rejects(() -> ConvDescriptor.conv(2).inChannels(1).outChannels(1).kernelSize(1).build()
                .outputPaddingFor(Shape.of(1, 1, 2, 2), 2, 2), "output_size", "transposed");
    }

    @Test
    void toStringReadsLikePyTorch() {
        assertEquals("ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1),"
                + " dilation=(1, 1), groups=1, bias=True, padding_mode='zeros')",
                convT2d().stride(2).padding(1).outputPadding(1).build().toString());
        assertEquals("Conv1d(4, 6, kernel_size=(3,), stride=(1,), padding='same', dilation=(1,), groups=2,"
                + " bias=False, padding_mode='reflect')",
                ConvDescriptor.conv(1).inChannels(4).outChannels(6).kernelSize(3).padding("same").groups(2)
                        .bias(false).paddingMode("reflect").build().toString());
    }

    @Test
    void builderRoundTripsThroughToBuilder() {
        ConvDescriptor d = conv2d().stride(1, 2).padding("valid").dilation(2, 1).groups(2).bias(false).build();
        assertEquals(d, d.toBuilder().build());
        assertEquals(d.hashCode(), d.toBuilder().build().hashCode());
    }
}
