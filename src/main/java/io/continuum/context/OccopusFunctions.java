package io.continuum.context;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.continuum.cloud.Addresses;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Occopus's template functions. Jinjava calls static methods; the address book of the current
 * rendering travels in the interpreter's context.
 */
// Jinjava looks these methods up and invokes them reflectively (ELFunctionDefinition).
@RegisterForReflection
public final class OccopusFunctions {

    static final String ADDRESS_BOOK = "__continuum_address_book";

    private OccopusFunctions() {
    }

    /** Public (else private) address of the first instance of a node, as Occopus's getip. */
    public static String getip(String node) {
        return first(node).reachable();
    }

    public static String getprivip(String node) {
        Addresses a = first(node);
        return a.privateAddress() != null ? a.privateAddress() : a.reachable();
    }

    public static List<String> getipall(String node) {
        return book().of(node).stream().map(Addresses::reachable).toList();
    }

    private static Addresses first(String node) {
        List<Addresses> all = book().of(node);
        if (all.isEmpty()) {
            throw new IllegalStateException("node '" + node + "' has no ready instance with an address"
                    + " (is it a dependency of this node?)");
        }
        return all.get(0);
    }

    private static AddressBook book() {
        return (AddressBook) JinjavaInterpreter.getCurrent().getContext().get(ADDRESS_BOOK);
    }
}
