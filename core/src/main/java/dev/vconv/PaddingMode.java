package dev.vconv;

/**
 * How a convolution reads input positions that lie in the padding, as PyTorch's {@code padding_mode}.
 *
 * <p>Every mode is defined by {@link #sourceIndex}: which input position a padded position reads, or -1 for a zero.
 * Reference and fast kernels both build their padded view through this one method.
 */
public enum PaddingMode {
    /** Positions outside the input read 0. The only mode transposed convolution accepts. */
    ZEROS("zeros"),
    /** Mirror without repeating the edge: {@code x[-1] = x[1]}. Needs {@code padding < size}. */
    REFLECT("reflect"),
    /** Repeat the edge: {@code x[-1] = x[0]}. */
    REPLICATE("replicate"),
    /** Wrap around: {@code x[-1] = x[size-1]}. Needs {@code padding <= size}. */
    CIRCULAR("circular");

    private final String torchName;

    PaddingMode(String torchName) {
        this.torchName = torchName;
    }

    /** PyTorch's spelling: "zeros", "reflect", "replicate", "circular". */
    public String torchName() {
        return torchName;
    }

    /** Parses PyTorch's spelling. */
    public static PaddingMode fromTorchName(String name) {
        for (PaddingMode m : values()) {
            if (m.torchName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "padding_mode = '" + name + "': must be one of 'zeros', 'reflect', 'replicate', 'circular'");
    }

    /**
     * The input position that padded position {@code i} reads along an axis of {@code size} elements, or -1 where the
     * value is zero. {@code i} may lie up to the (validated) padding outside {@code [0, size)}.
     */
    public int sourceIndex(int i, int size) {
        if (i >= 0 && i < size) {
            return i;
        }
        return switch (this) {
            case ZEROS -> -1;
            case REFLECT -> i < 0 ? -i : 2 * (size - 1) - i;
            case REPLICATE -> i < 0 ? 0 : size - 1;
            case CIRCULAR -> Math.floorMod(i, size);
        };
    }
}
