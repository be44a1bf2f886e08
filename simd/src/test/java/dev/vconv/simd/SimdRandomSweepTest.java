package dev.vconv.simd;

import dev.vconv.PaddingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random valid problems, built valid by construction (groups first, channels as multiples, output padding below
 * max(stride, dilation)), each compared exactly with the reference. A failure prints a pasteable case.
 */
class SimdRandomSweepTest {

    @Test
    void randomConvExact() {
        SplittableRandom rnd = new SplittableRandom(20261122);
        int done = 0;
        while (done < 250) {
            int rank = 1 + rnd.nextInt(3);
            int groups = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(4) : 1;
            int cin = groups * (1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 10));
            int cout = groups * (1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 12));
            int[] size = new int[rank];
            int[] k = new int[rank];
            int[] s = new int[rank];
            int[] d = new int[rank];
            int[] p = new int[rank];
            int maxSize = rank == 3 ? 7 : rank == 2 ? 14 : 40;
            PaddingMode mode = PaddingMode.values()[rnd.nextInt(4)];
            boolean ok = true;
            for (int a = 0; a < rank; a++) {
                size[a] = 1 + rnd.nextInt(maxSize);
                k[a] = 1 + rnd.nextInt(rank == 3 ? 3 : 5);
                s[a] = 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 4);
                d[a] = 1 + rnd.nextInt(rnd.nextInt(3) == 0 ? 3 : 1);
                p[a] = rnd.nextInt(k[a] * d[a] / 2 + 2);
                int limit = mode == PaddingMode.REFLECT ? size[a] - 1 : mode == PaddingMode.CIRCULAR ? size[a]
                        : Integer.MAX_VALUE;
                if (p[a] > limit || size[a] + 2 * p[a] < d[a] * (k[a] - 1) + 1) {
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            ConvTester.conv(rank).batch(1 + rnd.nextInt(2)).channels(cin, cout).groups(groups).size(size).kernel(k)
                    .stride(s).dilation(d).padding(p).mode(mode).bias(rnd.nextBoolean())
                    .threads(1 + rnd.nextInt(3)).seed(rnd.nextLong()).testExact();
            done++;
        }
    }

    @Test
    void randomConvTransposeExact() {
        SplittableRandom rnd = new SplittableRandom(5112026);
        int done = 0;
        while (done < 250) {
            int rank = 1 + rnd.nextInt(3);
            int groups = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(4) : 1;
            int cin = groups * (1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 10));
            int cout = groups * (1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 12));
            int[] size = new int[rank];
            int[] k = new int[rank];
            int[] s = new int[rank];
            int[] d = new int[rank];
            int[] p = new int[rank];
            int[] op = new int[rank];
            int maxSize = rank == 3 ? 5 : rank == 2 ? 10 : 30;
            boolean ok = true;
            for (int a = 0; a < rank; a++) {
                size[a] = 1 + rnd.nextInt(maxSize);
                k[a] = 1 + rnd.nextInt(rank == 3 ? 3 : 5);
                s[a] = 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 5);
                d[a] = 1 + rnd.nextInt(rnd.nextInt(3) == 0 ? 3 : 1);
                p[a] = rnd.nextInt(k[a] * d[a] / 2 + 2);
                op[a] = rnd.nextInt(Math.max(s[a], d[a]));
                if ((long) (size[a] - 1) * s[a] - 2L * p[a] + (long) d[a] * (k[a] - 1) + op[a] + 1 < 1) {
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            ConvTester.convT(rank).batch(1 + rnd.nextInt(2)).channels(cin, cout).groups(groups).size(size)
                    .kernel(k).stride(s).dilation(d).padding(p).outputPadding(op).bias(rnd.nextBoolean())
                    .threads(1 + rnd.nextInt(3)).seed(rnd.nextLong()).testExact();
            done++;
        }
    }
}
