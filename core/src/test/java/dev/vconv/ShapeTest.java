package dev.vconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void countsElementsAndRejectsOverflowWithoutWrapping() {
        assertEquals(24, Shape.of(2, 3, 4).elementCount());
        // 2^16 * 2^16 wraps to 0 in int arithmetic: it must be rejected, not accepted as empty.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16));
        assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(3, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of());
    }

    @Test
    void isAValue() {
        assertEquals(Shape.of(1, 2), Shape.of(1, 2));
        assertEquals("[1, 2]", Shape.of(1, 2).toString());
    }
}
