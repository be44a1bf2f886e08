package dev.vconv.bench.peers;

import dev.vconv.ConvProblem;
import dev.vconv.bench.Contender;

/**
 * The peer contenders as registered with {@link java.util.ServiceLoader}. Each profile ({@code onednn},
 * {@code peers}) compiles its own implementations, but a jar has one {@code META-INF/services} file, so the file
 * (in this folder, which both profiles add) lists all four and each entry here delegates to its implementation when
 * that was built in; otherwise {@link #unavailableReason()} names the profile to build with.
 */
public final class PeerContenders {
    private PeerContenders() {
    }

    /** oneDNN, blocked layouts, primitive alone: {@link OneDnnContender}. */
    public static final class OneDnnBlocked extends Delegating {
        public OneDnnBlocked() {
            super("onednn-blocked", "dev.vconv.bench.peers.OneDnnContender$Blocked", "onednn");
        }
    }

    /** oneDNN with plain NC[D]HW user tensors, reorders timed: {@link OneDnnContender}. */
    public static final class OneDnnNchw extends Delegating {
        public OneDnnNchw() {
            super("onednn-nchw", "dev.vconv.bench.peers.OneDnnContender$Nchw", "onednn");
        }
    }

    /** PyTorch through DJL, the operation alone: {@code PyTorchContender}. */
    public static final class PyTorch extends Delegating {
        public PyTorch() {
            super("pytorch", "dev.vconv.bench.peers.PyTorchContender$Op", "peers");
        }
    }

    /** PyTorch through DJL with the float[] <-> NDArray copies: {@code PyTorchContender}. */
    public static final class PyTorchCopy extends Delegating {
        public PyTorchCopy() {
            super("pytorch-copy", "dev.vconv.bench.peers.PyTorchContender$WithCopy", "peers");
        }
    }

    abstract static class Delegating implements Contender {
        private final String name;
        private final Contender target;
        private final String notBuilt;

        Delegating(String name, String implementation, String profile) {
            this.name = name;
            Contender t = null;
            String why = null;
            try {
                t = (Contender) Class.forName(implementation).getConstructor().newInstance();
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                why = name + ": not built in; build the bench module with the Maven profile -P" + profile;
            } catch (ReflectiveOperationException e) {
                why = name + ": " + e;
            }
            target = t;
            notBuilt = why;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unavailableReason() {
            return notBuilt != null ? notBuilt : target.unavailableReason();
        }

        @Override
        public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads)
                throws Exception {
            if (notBuilt != null) {
                throw new IllegalStateException(notBuilt);
            }
            return target.prepare(problem, x, w, bias, threads);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
