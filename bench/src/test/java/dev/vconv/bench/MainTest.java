package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpAndBadOptions() {
        assertEquals(0, Main.run("--help"));
        assertEquals(0, Main.run("bench", "--help"));
        assertEquals(0, Main.run("gate", "--help"));
        assertEquals(2, Main.run("--cases", "no-such-case", "--out", "target/main-test"));
        assertEquals(2, Main.run("bench", "--contenders", "nope", "--out", "target/main-test"));
        assertEquals(2, Main.run("bench", "--threads", "0", "--out", "target/main-test"));
        assertEquals(2, Main.run("gate", "only-one.json"));
    }
}
