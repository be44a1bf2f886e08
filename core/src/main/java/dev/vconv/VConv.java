package dev.vconv;

import dev.vconv.spi.ConvProvider;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The entry point: finds the providers on the class path and plans problems with the best one.
 *
 * <pre>{@code
 * ConvDescriptor conv = ConvDescriptor.conv(2).inChannels(3).outChannels(8).kernelSize(3).padding(1).build();
 * ConvPlan plan = VConv.plan(conv.problem(1, 3, 32, 32), weight, bias);
 * float[] y = plan.apply(x);
 * }</pre>
 *
 * <p>Providers are tried by priority, highest first; the first that is available and does not decline a problem
 * plans it. {@code -Dvconv.provider=NAME} forces one provider (an error if it is missing or unavailable). When a
 * provider cannot load, one log line says why and how to enable it, once.
 */
public final class VConv {
    /** System property that forces a provider by name, e.g. {@code reference} or {@code simd}. */
    public static final String PROVIDER_PROPERTY = "vconv.provider";

    private VConv() {
    }

    private static final class Holder {
        static final List<ConvProvider> PROVIDERS = load();

        private static List<ConvProvider> load() {
            List<ConvProvider> list = new ArrayList<>();
            for (ConvProvider p : ServiceLoader.load(ConvProvider.class, VConv.class.getClassLoader())) {
                list.add(p);
            }
            list.sort(Comparator.comparingInt(ConvProvider::priority).reversed()
                    .thenComparing(ConvProvider::name));
            System.Logger log = System.getLogger(VConv.class.getName());
            for (ConvProvider p : list) {
                String why = p.unavailableReason();
                if (why != null) {
                    log.log(Level.WARNING, "vconv provider '" + p.name() + "' is unavailable: " + why);
                }
            }
            return List.copyOf(list);
        }
    }

    /** Every provider on the class path, available or not, highest priority first. */
    public static List<ConvProvider> providers() {
        return Holder.PROVIDERS;
    }

    /** The provider called {@code name}, whether or not it is available. */
    public static ConvProvider provider(String name) {
        for (ConvProvider p : providers()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(PROVIDER_PROPERTY + " = '" + name + "': no such provider; found "
                + providers().stream().map(ConvProvider::name).toList()
                + " (add its module, e.g. vconv-reference or vconv-simd, to the class path)");
    }

    /**
     * The providers {@link #plan} tries, in order: the one forced by {@code -Dvconv.provider} if set, else every
     * available provider by priority.
     */
    public static List<ConvProvider> candidates() {
        String forced = System.getProperty(PROVIDER_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            ConvProvider p = provider(forced.trim());
            String why = p.unavailableReason();
            if (why != null) {
                throw new IllegalStateException(PROVIDER_PROPERTY + " = '" + forced + "' is unavailable: " + why);
            }
            return List.of(p);
        }
        List<ConvProvider> list = providers().stream().filter(p -> p.unavailableReason() == null).toList();
        if (list.isEmpty()) {
            throw new IllegalStateException("no vconv provider is available: put vconv-simd or vconv-reference "
                    + "on the class path");
        }
        return list;
    }

    /** Plans {@code problem} with the first candidate provider that accepts it, on all available processors. */
    public static ConvPlan plan(ConvProblem problem, float[] weight, float[] bias) {
        return plan(problem, weight, bias, PlanOptions.defaults());
    }

    /** Plans {@code problem} with the first candidate provider that accepts it. */
    public static ConvPlan plan(ConvProblem problem, float[] weight, float[] bias, PlanOptions options) {
        if (problem == null) {
            throw new IllegalArgumentException("problem: null");
        }
        StringBuilder reasons = new StringBuilder();
        for (ConvProvider p : candidates()) {
            String why = p.declineReason(problem);
            if (why == null) {
                return p.plan(problem, weight, bias, options);
            }
            reasons.append("; ").append(p.name()).append(": ").append(why);
        }
        throw new IllegalStateException("no provider accepts " + problem + reasons);
    }
}
