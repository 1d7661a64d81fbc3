package io.continuum.cloud.azure.vm;

import io.continuum.cloud.azure.arm.EnvSource;
import io.continuum.cloud.azure.arm.Fields;
import io.continuum.model.Resource;

import java.util.Optional;

/** The VM's administrator, with the key or password resolved from the environment; {@link #toString} hides the password. */
record VmLogin(String username, Optional<String> sshKey, Optional<String> password) {

    static VmLogin resolve(Resource r, VmSpec spec, EnvSource env) {
        if (spec.sshKey().isEmpty() && spec.password().isEmpty()) {
            throw Fields.invalid(r, VmSchema.SSH_KEY_DATA.name(), "or 'password' is needed to log in to the VM");
        }
        return new VmLogin(spec.username(),
                spec.sshKey().map(k -> Fields.resolve(r, VmSchema.SSH_KEY_DATA.name(), k, env)),
                spec.password().map(p -> Fields.resolve(r, VmSchema.PASSWORD.name(), p, env)));
    }

    @Override
    public String toString() {
        return "VmLogin[username=" + username + ", sshKey=" + sshKey.isPresent() + ", password=" + password.isPresent() + "]";
    }
}
