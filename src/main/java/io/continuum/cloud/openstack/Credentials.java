package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;

import java.util.Optional;
import java.util.function.Function;

/**
 * Who Continuum is to Keystone, read from the environment only (never from node definitions or
 * state). An application credential is preferred; else a user name and password. A record's
 * {@code toString} never shows the secret.
 */
sealed interface Credentials {

    String APP_ID = "OS_APPLICATION_CREDENTIAL_ID";
    String APP_SECRET = "OS_APPLICATION_CREDENTIAL_SECRET";
    String USERNAME = "OS_USERNAME";
    String PASSWORD = "OS_PASSWORD";

    /** The environment variables these credentials came from, for messages. */
    String source();

    /** A key that tells credentials apart without holding the secret, for caching tokens. */
    String identity();

    /** Reads the credentials, or fails permanently naming the variables to set. */
    static Credentials from(Function<String, String> env) {
        Optional<String> appId = value(env, APP_ID);
        Optional<String> appSecret = value(env, APP_SECRET);
        if (appId.isPresent() || appSecret.isPresent()) {
            return new ApplicationCredential(require(appId, APP_ID), require(appSecret, APP_SECRET));
        }
        Optional<String> user = value(env, USERNAME);
        Optional<String> password = value(env, PASSWORD);
        if (user.isPresent() || password.isPresent()) {
            return new Password(require(user, USERNAME), require(password, PASSWORD));
        }
        throw new CloudException("no OpenStack credentials: set " + APP_ID + " and " + APP_SECRET + ", or "
                + USERNAME + " and " + PASSWORD + " in Continuum's environment", true);
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).filter(v -> !v.isBlank());
    }

    private static String require(Optional<String> value, String name) {
        return value.orElseThrow(() -> new CloudException("incomplete OpenStack credentials: " + name
                + " is not set in Continuum's environment", true));
    }

    record ApplicationCredential(String id, String secret) implements Credentials {

        @Override
        public String source() {
            return APP_ID + "/" + APP_SECRET;
        }

        @Override
        public String identity() {
            return "application-credential:" + id;
        }

        @Override
        public String toString() {
            return "ApplicationCredential[id=" + id + ", secret=***]";
        }
    }

    record Password(String username, String password) implements Credentials {

        @Override
        public String source() {
            return USERNAME + "/" + PASSWORD;
        }

        @Override
        public String identity() {
            return "user:" + username;
        }

        @Override
        public String toString() {
            return "Password[username=" + username + ", password=***]";
        }
    }
}
