package io.continuum.state.table;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link Azurite} parameter: one Azurite for the whole test run, started on first
 * use and stopped when the run ends (the root store closes it). No Azurite installed: the test fails.
 */
public final class AzuriteExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AzuriteExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Azurite.class, type -> {
            try {
                return Azurite.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start Azurite: " + e.getMessage(), e);
            }
        }, Azurite.class);
    }
}
