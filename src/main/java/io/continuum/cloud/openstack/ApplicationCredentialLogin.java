package io.continuum.cloud.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.functions.ResponseToActionResponse;
import org.openstack4j.core.transport.internal.HttpExecutor;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;
import org.openstack4j.openstack.identity.v3.domain.TokenAuth;

/**
 * Keystone v3 login with an application credential, which openstack4j 3.12 cannot do itself: posts
 * the {@code application_credential} auth body through openstack4j's own HTTP connector (same
 * timeouts) and turns the answer into the token openstack4j's clients take.
 */
final class ApplicationCredentialLogin {

    // Marks the request as a login, so openstack4j does not try to re-authenticate on a 401.
    private static final String LOGIN_MARKER = "Tokens";

    private final ObjectMapper json = new ObjectMapper();

    KeystoneToken login(String endpoint, Credentials.ApplicationCredential credential, Config config) {
        HttpRequest<KeystoneToken> request = HttpRequest.builder(KeystoneToken.class)
                .header(ClientConstants.HEADER_OS4J_AUTH, LOGIN_MARKER)
                .endpoint(endpoint).path("/auth/tokens").method(HttpMethod.POST).config(config)
                .json(body(credential))
                .build();
        HttpResponse response = HttpExecutor.create().execute(request);
        if (response.getStatus() >= 400) {
            // Keystone's own message ("The request you have made requires authentication."), never the body sent
            ActionResponse refusal = ResponseToActionResponse.INSTANCE.apply(response);
            HttpEntityHandler.closeQuietly(response);
            throw ResponseException.mapException(refusal.getFault(), response.getStatus(), null);
        }
        String tokenId = response.header(ClientConstants.HEADER_X_SUBJECT_TOKEN);
        KeystoneToken token = response.getEntity(KeystoneToken.class);
        token.setId(tokenId);
        return token.applyContext(endpoint, new TokenAuth(tokenId, null,
                token.getProject() == null ? null : token.getProject().getId()));
    }

    private String body(Credentials.ApplicationCredential credential) {
        ObjectNode auth = json.createObjectNode();
        ObjectNode identity = auth.putObject("auth").putObject("identity");
        identity.putArray("methods").add("application_credential");
        identity.putObject("application_credential").put("id", credential.id()).put("secret", credential.secret());
        return auth.toString();
    }
}
