package io.continuum.cloud.azure.arm;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link ArmFake} parameter: one fake for the whole test run (the root store closes
 * it), emptied before every test and holding the templates' resource group, as a fresh
 * subscription would.
 */
public final class ArmFakeExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ArmFakeExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ArmFake fake = fake(context);
        fake.reset();
        fake.addResourceGroup(AzureTestSupport.RESOURCE_GROUP);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ArmFake.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fake(context);
    }

    private static ArmFake fake(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(ArmFake.class, type -> new ArmFake(), ArmFake.class);
    }
}
