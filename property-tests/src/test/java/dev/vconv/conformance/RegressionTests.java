package dev.vconv.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.vconv.ConvDescriptor;
import dev.vconv.Shape;
import dev.vconv.providers.AvailableProvidersConformanceProperties;
import dev.vconv.spi.ConvProvider;
import org.junit.jupiter.api.Test;

/** Cases the properties found, pasted from their failure messages; run on every available provider. */
class RegressionTests {

    /**
     * outputPaddingFor rejected output_size 1 for a length-1 input at stride 3, padding 1, kernel 1, because the size
     * at output_padding 0 is -1; PyTorch 1.13 accepts it (output_padding 2). Found by the adjoint property.
     */
    @Test
    void outputSizeReachableOnlyWithOutputPadding() {
        ConvDescriptor t = ConvDescriptor.convTranspose(1).inChannels(1).outChannels(1).kernelSize(1).stride(3)
                .padding(1).bias(false).build();
        assertArrayEquals(new int[] {2}, t.outputPaddingFor(Shape.of(1, 1, 1), 1));
        for (ConvProvider p : AvailableProvidersConformanceProperties.available()) {
            Conformance.adjoint(p, ConvCase.of(ConvDescriptor.conv(1).inChannels(1).outChannels(1).kernelSize(1)
                    .stride(3).padding(1).dilation(1).groups(1).bias(false).build(), 1, 1, 1), 5L);
        }
    }

    /** Awkward corners worth pinning: stride > kernel with output padding, reflect at its limit, depthwise 17. */
    @Test
    void awkwardCorners() {
        ConvCase[] cases = {
            ConvCase.of(ConvDescriptor.convTranspose(2).inChannels(4).outChannels(6).kernelSize(3, 2).stride(4, 3)
                    .padding(1, 0).outputPadding(3, 2).dilation(1, 2).groups(2).bias(true).build(), 2, 4, 5, 7),
            ConvCase.of(ConvDescriptor.conv(2).inChannels(3).outChannels(2).kernelSize(5, 3).stride(1, 1)
                    .padding("same").dilation(2, 1).groups(1).bias(true).paddingMode("reflect").build(), 1, 3, 5, 2),
            ConvCase.of(ConvDescriptor.conv(1).inChannels(2).outChannels(2).kernelSize(5).stride(2)
                    .padding(3).dilation(1).groups(1).bias(false).paddingMode("circular").build(), 1, 2, 3),
            ConvCase.of(ConvDescriptor.conv(2).inChannels(17).outChannels(34).kernelSize(3, 3).stride(2, 2)
                    .padding(1, 1).dilation(1, 1).groups(17).bias(true).build(), 1, 17, 6, 5),
            ConvCase.of(ConvDescriptor.convTranspose(3).inChannels(33).outChannels(2).kernelSize(1, 2, 3)
                    .stride(1, 2, 3).padding(0, 0, 1).outputPadding(0, 1, 2).dilation(1, 1, 1).groups(1).bias(false)
                    .build(), 1, 33, 2, 3, 2),
        };
        for (ConvProvider p : AvailableProvidersConformanceProperties.available()) {
            for (ConvCase c : cases) {
                Conformance.exactOnSmallIntegers(p, c, 11L);
                Conformance.withinBoundOnReals(p, c, 12L);
                Conformance.writesExactlyItsOutput(p, c, 13L);
            }
        }
    }
}
