package io.continuum.cloud.azure;

import io.continuum.model.Resource;

import java.util.Optional;

/** The VM's administrator, with the key or password resolved from the environment; {@link #toString} hides the password. */
record VmLogin(String username, Optional<String> sshKey, Optional<String> password) {

    static VmLogin resolve(Resource r, VmSpec spec, EnvSource env) {
        if (spec.sshKey().isEmpty() && spec.password().isEmpty()) {
            throw Fields.invalid(r, "ssh_key_data", "or 'password' is needed to log in to the VM");
        }
        return new VmLogin(spec.username(),
                spec.sshKey().map(k -> Fields.resolve(r, "ssh_key_data", k, env)),
                spec.password().map(p -> Fields.resolve(r, "password", p, env)));
    }

    @Override
    public String toString() {
        return "VmLogin[username=" + username + ", sshKey=" + sshKey.isPresent() + ", password=" + password.isPresent() + "]";
    }
}
