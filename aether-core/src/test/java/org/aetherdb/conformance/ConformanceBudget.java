package org.aetherdb.conformance;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The conformance budget: tries and sequence length from the system properties
 * {@code aether.conformance.tries} and {@code aether.conformance.length} (CI uses the defaults
 * of {@link ConformanceTest}; a long run raises them).
 */
public final class ConformanceBudget implements AroundPropertyHook {
    static int tries() {
        return Integer.getInteger("aether.conformance.tries", ConformanceTest.DEFAULT_TRIES);
    }

    static int length() {
        return Integer.getInteger("aether.conformance.length", ConformanceTest.DEFAULT_LENGTH);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(tries());
        return property.execute();
    }
}
