package dev.vconv.bench.peers;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few functions of oneDNN 2.6's C API ({@code /usr/include/oneapi/dnnl/dnnl.h}) the benchmark needs, bound with
 * java.lang.foreign, plus libgomp's thread-count functions (Debian builds oneDNN with OpenMP). A measuring instrument,
 * not part of the library.
 *
 * <p>oneDNN's descriptor structs ({@code dnnl_memory_desc_t}, {@code dnnl_convolution_desc_t}) are only ever passed
 * by pointer and never read here, so they are opaque buffers at least as large as their C {@code sizeof} on x86-64
 * (696 and 5976 bytes in 2.6.3, printed by a C program against the header). The enum values below were printed the
 * same way; they are part of oneDNN's stable ABI for the 2.x series.
 */
final class Dnnl {
    static final String INSTALL = "apt-get install libdnnl2 libdnnl-dev";

    // sizes of opaque structs (generous: C sizeof is 696 and 5976 in oneDNN 2.6.3)
    static final long MEMORY_DESC_BYTES = 1024;
    static final long OP_DESC_BYTES = 8192;
    static final int MAX_NDIMS = 12;

    // dnnl_status_t
    static final int SUCCESS = 0;
    // dnnl_data_type_t
    static final int F32 = 3;
    // dnnl_format_tag_t
    static final int TAG_ANY = 1;
    static final int TAG_A = 2;
    static final int TAG_ABC = 4;
    static final int TAG_ABCD = 5;
    static final int TAG_ABCDE = 7;
    static final int TAG_ABCDEF = 8;
    static final int TAG_BAC = 23;
    static final int TAG_BACD = 24;
    static final int TAG_BACDE = 25;
    static final int TAG_ACBD = 6;
    static final int TAG_ACBDE = 18;
    static final int TAG_ACBDEF = 19;
    // dnnl_prop_kind_t
    static final int FORWARD_INFERENCE = 96;
    // dnnl_alg_kind_t
    static final int CONVOLUTION_DIRECT = 1;
    static final int DECONVOLUTION_DIRECT = 10;
    // dnnl_query_t
    static final int QUERY_IMPL_INFO_STR = 8;
    static final int QUERY_SRC_MD = 129;
    static final int QUERY_WEIGHTS_MD = 131;
    static final int QUERY_DST_MD = 133;
    // execution argument indices
    static final int ARG_SRC = 1;
    static final int ARG_DST = 17;
    static final int ARG_WEIGHTS = 33;
    static final int ARG_BIAS = 41;
    static final int ARG_FROM = ARG_SRC;
    static final int ARG_TO = ARG_DST;
    // dnnl_engine_kind_t, dnnl_stream_flags_t
    static final int ENGINE_CPU = 1;
    static final int STREAM_DEFAULT_FLAGS = 1;
    /** sizeof(dnnl_exec_arg_t) and the offset of its memory field. */
    static final long EXEC_ARG_BYTES = 16;
    static final long EXEC_ARG_MEMORY_OFFSET = 8;

    private static final String LOAD_ERROR;
    private static final Handles H;

    static {
        Handles h = null;
        String error = null;
        try {
            h = new Handles();
        } catch (Throwable t) {
            error = "oneDNN is not available (" + t.getMessage() + "); install it with `" + INSTALL + "`";
        }
        H = h;
        LOAD_ERROR = error;
    }

    private Dnnl() {
    }

    /** Null when libdnnl.so.2 and libgomp.so.1 loaded; else a one-line reason naming the apt command. */
    static String unavailableReason() {
        return LOAD_ERROR;
    }

    private static Handles h() {
        if (H == null) {
            throw new IllegalStateException(LOAD_ERROR);
        }
        return H;
    }

    private static final class Handles {
        final MethodHandle engineCreate;
        final MethodHandle streamCreate;
        final MethodHandle streamWait;
        final MethodHandle streamDestroy;
        final MethodHandle mdInitByTag;
        final MethodHandle mdGetSize;
        final MethodHandle mdEqual;
        final MethodHandle convDescInit;
        final MethodHandle deconvDescInit;
        final MethodHandle pdCreate;
        final MethodHandle pdQueryMd;
        final MethodHandle pdQuery;
        final MethodHandle pdDestroy;
        final MethodHandle reorderPdCreate;
        final MethodHandle primitiveCreate;
        final MethodHandle primitiveDestroy;
        final MethodHandle primitiveExecute;
        final MethodHandle memoryCreate;
        final MethodHandle memoryDestroy;
        final MethodHandle versionFn;
        final MethodHandle ompSetNumThreads;
        final MethodHandle ompGetMaxThreads;

        Handles() {
            Linker linker = Linker.nativeLinker();
            SymbolLookup dnnl = SymbolLookup.libraryLookup("libdnnl.so.2", Arena.global());
            // libdnnl.so.2 links libgomp.so.1: this finds the same, already loaded, instance.
            SymbolLookup gomp = SymbolLookup.libraryLookup("libgomp.so.1", Arena.global());
            AddressLayout A = ADDRESS;
            engineCreate = fn(linker, dnnl, "dnnl_engine_create", sig(JAVA_INT, A, JAVA_INT, JAVA_LONG));
            streamCreate = fn(linker, dnnl, "dnnl_stream_create", sig(JAVA_INT, A, A, JAVA_INT));
            streamWait = fn(linker, dnnl, "dnnl_stream_wait", sig(JAVA_INT, A));
            streamDestroy = fn(linker, dnnl, "dnnl_stream_destroy", sig(JAVA_INT, A));
            mdInitByTag = fn(linker, dnnl, "dnnl_memory_desc_init_by_tag",
                    sig(JAVA_INT, A, JAVA_INT, A, JAVA_INT, JAVA_INT));
            mdGetSize = fn(linker, dnnl, "dnnl_memory_desc_get_size", sig(JAVA_LONG, A));
            mdEqual = fn(linker, dnnl, "dnnl_memory_desc_equal", sig(JAVA_INT, A, A));
            FunctionDescriptor descInit = sig(JAVA_INT, A, JAVA_INT, JAVA_INT, A, A, A, A, A, A, A, A);
            convDescInit = fn(linker, dnnl, "dnnl_dilated_convolution_forward_desc_init", descInit);
            deconvDescInit = fn(linker, dnnl, "dnnl_dilated_deconvolution_forward_desc_init", descInit);
            pdCreate = fn(linker, dnnl, "dnnl_primitive_desc_create", sig(JAVA_INT, A, A, A, A, A));
            pdQueryMd = fn(linker, dnnl, "dnnl_primitive_desc_query_md", sig(A, A, JAVA_INT, JAVA_INT));
            pdQuery = fn(linker, dnnl, "dnnl_primitive_desc_query", sig(JAVA_INT, A, JAVA_INT, JAVA_INT, A));
            pdDestroy = fn(linker, dnnl, "dnnl_primitive_desc_destroy", sig(JAVA_INT, A));
            reorderPdCreate = fn(linker, dnnl, "dnnl_reorder_primitive_desc_create",
                    sig(JAVA_INT, A, A, A, A, A, A));
            primitiveCreate = fn(linker, dnnl, "dnnl_primitive_create", sig(JAVA_INT, A, A));
            primitiveDestroy = fn(linker, dnnl, "dnnl_primitive_destroy", sig(JAVA_INT, A));
            primitiveExecute = fn(linker, dnnl, "dnnl_primitive_execute", sig(JAVA_INT, A, A, JAVA_INT, A));
            memoryCreate = fn(linker, dnnl, "dnnl_memory_create", sig(JAVA_INT, A, A, A, A));
            memoryDestroy = fn(linker, dnnl, "dnnl_memory_destroy", sig(JAVA_INT, A));
            versionFn = fn(linker, dnnl, "dnnl_version", sig(A.withTargetLayout(
                    java.lang.foreign.MemoryLayout.sequenceLayout(4, JAVA_INT))));
            ompSetNumThreads = fn(linker, gomp, "omp_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT));
            ompGetMaxThreads = fn(linker, gomp, "omp_get_max_threads", sig(JAVA_INT));
        }

        private static FunctionDescriptor sig(java.lang.foreign.MemoryLayout result,
                java.lang.foreign.MemoryLayout... args) {
            return FunctionDescriptor.of(result, args);
        }

        private static MethodHandle fn(Linker linker, SymbolLookup lib, String name, FunctionDescriptor d) {
            MemorySegment sym = lib.find(name).orElseThrow(() -> new IllegalStateException("symbol " + name
                    + " not found"));
            return linker.downcallHandle(sym, d);
        }
    }

    static void check(int status, String what) {
        if (status != SUCCESS) {
            throw new IllegalStateException(what + " failed with dnnl_status_t " + status + " ("
                    + statusName(status) + ")");
        }
    }

    static String statusName(int s) {
        return switch (s) {
            case 1 -> "out_of_memory";
            case 2 -> "invalid_arguments";
            case 3 -> "unimplemented";
            case 4 -> "iterator_ends";
            case 5 -> "runtime_error";
            case 6 -> "not_required";
            default -> "unknown";
        };
    }

    /** "major.minor.patch" of the loaded library. */
    static String version() {
        try {
            MemorySegment v = (MemorySegment) h().versionFn.invokeExact();
            return v.get(JAVA_INT, 0) + "." + v.get(JAVA_INT, 4) + "." + v.get(JAVA_INT, 8);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- OpenMP ----

    /** Sets the calling thread's OpenMP thread count (the ICV oneDNN reads) and checks that it took. */
    static void setThreads(int n) {
        try {
            h().ompSetNumThreads.invokeExact(n);
            THREADS_SET.get()[0] = n;
            int got = (int) h().ompGetMaxThreads.invokeExact();
            if (got != n) {
                throw new IllegalStateException("omp_set_num_threads(" + n + ") did not take: omp_get_max_threads() = "
                        + got);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static final ThreadLocal<int[]> THREADS_SET = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * {@link #setThreads} unless this thread's OpenMP thread count was last set to {@code n} here. Cheap enough for
     * every {@code run()}: the ICV is per thread, and cases with other thread counts may have run on this thread.
     */
    static void ensureThreads(int n) {
        int[] set = THREADS_SET.get();
        if (set[0] != n) {
            setThreads(n);
            set[0] = n;
        }
    }

    static int maxThreads() {
        try {
            return (int) h().ompGetMaxThreads.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- engine and stream ----

    /** dnnl_engine_t for CPU 0 (one per process, never destroyed). */
    static MemorySegment engine() {
        return Global.ENGINE;
    }

    private static final class Global {
        static final MemorySegment ENGINE;

        static {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ADDRESS);
                check((int) h().engineCreate.invokeExact(out, ENGINE_CPU, 0L), "dnnl_engine_create");
                ENGINE = out.get(ADDRESS, 0);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** A new dnnl_stream_t on the CPU engine. Streams are not shared between prepared cases. */
    static MemorySegment newStream() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check((int) h().streamCreate.invokeExact(out, engine(), STREAM_DEFAULT_FLAGS), "dnnl_stream_create");
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void streamWait(MemorySegment stream) {
        try {
            check((int) h().streamWait.invokeExact(stream), "dnnl_stream_wait");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void destroyStream(MemorySegment stream) {
        try {
            check((int) h().streamDestroy.invokeExact(stream), "dnnl_stream_destroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- memory descriptors ----

    static MemorySegment dims(Arena arena, long... v) {
        MemorySegment s = arena.allocate(JAVA_LONG, MAX_NDIMS);
        for (int i = 0; i < v.length; i++) {
            s.setAtIndex(JAVA_LONG, i, v[i]);
        }
        return s;
    }

    /** A new f32 memory descriptor in {@code arena}. */
    static MemorySegment memoryDesc(Arena arena, long[] dims, int tag) {
        MemorySegment md = arena.allocate(MEMORY_DESC_BYTES, 64);
        try {
            check((int) h().mdInitByTag.invokeExact(md, dims.length, dims(arena, dims), F32, tag),
                    "dnnl_memory_desc_init_by_tag(ndims=" + dims.length + ", tag=" + tag + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return md;
    }

    static long size(MemorySegment md) {
        try {
            return (long) h().mdGetSize.invokeExact(md);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean equal(MemorySegment a, MemorySegment b) {
        try {
            return (int) h().mdEqual.invokeExact(a, b) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- (de)convolution descriptors and primitive descriptors ----

    /**
     * A forward-inference (de)convolution operation descriptor. {@code bias} may be {@link MemorySegment#NULL};
     * {@code dilates} are oneDNN's (0-based), {@code padR} oneDNN's right padding.
     */
    static MemorySegment convDesc(Arena arena, boolean deconv, MemorySegment src, MemorySegment weights,
            MemorySegment bias, MemorySegment dst, long[] strides, long[] dilates, long[] padL, long[] padR) {
        MemorySegment desc = arena.allocate(OP_DESC_BYTES, 64);
        MethodHandle init = deconv ? h().deconvDescInit : h().convDescInit;
        try {
            check((int) init.invokeExact(desc, FORWARD_INFERENCE, deconv ? DECONVOLUTION_DIRECT : CONVOLUTION_DIRECT,
                    src, weights, bias, dst, dims(arena, strides), dims(arena, dilates), dims(arena, padL),
                    dims(arena, padR)), deconv ? "dnnl_dilated_deconvolution_forward_desc_init"
                    : "dnnl_dilated_convolution_forward_desc_init");
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return desc;
    }

    /** dnnl_primitive_desc_t for an operation descriptor, with default attributes. */
    static MemorySegment primitiveDesc(MemorySegment opDesc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check((int) h().pdCreate.invokeExact(out, opDesc, MemorySegment.NULL, engine(), MemorySegment.NULL),
                    "dnnl_primitive_desc_create");
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** dnnl_primitive_desc_t of a reorder between two memory descriptors on the CPU engine. */
    static MemorySegment reorderDesc(MemorySegment from, MemorySegment to) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check((int) h().reorderPdCreate.invokeExact(out, from, engine(), to, engine(), MemorySegment.NULL),
                    "dnnl_reorder_primitive_desc_create");
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The memory descriptor a primitive descriptor chose for {@code query} (owned by the primitive descriptor). */
    static MemorySegment queryMd(MemorySegment pd, int query) {
        try {
            MemorySegment md = (MemorySegment) h().pdQueryMd.invokeExact(pd, query, 0);
            if (md.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("dnnl_primitive_desc_query_md(" + query + ") returned NULL");
            }
            return md;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The implementation oneDNN chose, e.g. "jit:avx512_core". */
    static String implInfo(MemorySegment pd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check((int) h().pdQuery.invokeExact(pd, QUERY_IMPL_INFO_STR, 0, out), "dnnl_primitive_desc_query");
            return out.get(ADDRESS, 0).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void destroyPrimitiveDesc(MemorySegment pd) {
        try {
            check((int) h().pdDestroy.invokeExact(pd), "dnnl_primitive_desc_destroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- primitives and memory ----

    static MemorySegment primitive(MemorySegment pd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check((int) h().primitiveCreate.invokeExact(out, pd), "dnnl_primitive_create");
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void destroyPrimitive(MemorySegment p) {
        try {
            check((int) h().primitiveDestroy.invokeExact(p), "dnnl_primitive_destroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A dnnl_memory_t over {@code buffer} (which the caller owns and keeps alive). */
    static MemorySegment memory(MemorySegment md, MemorySegment buffer) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check((int) h().memoryCreate.invokeExact(out, md, engine(), buffer), "dnnl_memory_create");
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void destroyMemory(MemorySegment m) {
        try {
            check((int) h().memoryDestroy.invokeExact(m), "dnnl_memory_destroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A dnnl_exec_arg_t array in {@code arena}: pairs of (argument index, dnnl_memory_t). */
    static MemorySegment execArgs(Arena arena, Object... indexAndMemory) {
        int n = indexAndMemory.length / 2;
        MemorySegment args = arena.allocate(EXEC_ARG_BYTES * n, 8);
        for (int i = 0; i < n; i++) {
            args.set(JAVA_INT, i * EXEC_ARG_BYTES, (Integer) indexAndMemory[2 * i]);
            args.set(ADDRESS, i * EXEC_ARG_BYTES + EXEC_ARG_MEMORY_OFFSET, (MemorySegment) indexAndMemory[2 * i + 1]);
        }
        return args;
    }

    /** Executes a primitive on a stream (no wait). */
    static void execute(MemorySegment primitive, MemorySegment stream, int nargs, MemorySegment args) {
        int status;
        try {
            status = (int) h().primitiveExecute.invokeExact(primitive, stream, nargs, args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (status != SUCCESS) {
            check(status, "dnnl_primitive_execute");
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
