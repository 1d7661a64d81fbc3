package io.continuum.state.table;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Reads the ETags of a batch's writes from the service's multipart answer. The SDK's
 * {@code TableTransactionActionResponse} does not carry the sub-responses' headers, yet a caller
 * needs each written row's ETag for its next conditional write. A request opts in by carrying a
 * holder in its {@link Context}; the holder receives one ETag per sub-response (null for deletes).
 */
final class BatchEtags implements HttpPipelinePolicy {

    private static final String CONTEXT_KEY = BatchEtags.class.getName();
    private static final Pattern SUB_RESPONSE = Pattern.compile("\r?\nHTTP/1\\.1 ");
    private static final Pattern LINE = Pattern.compile("\r?\n");
    private static final Pattern BLANK_LINE = Pattern.compile("\r?\n\r?\n");

    /** A context whose batch answer is captured into {@code holder}. */
    static Context capturingInto(AtomicReference<List<String>> holder) {
        return new Context(CONTEXT_KEY, holder);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        AtomicReference<List<String>> holder = holder(context);
        if (holder == null) {
            return next.process();
        }
        return next.process().map(HttpResponse::buffer)
                .flatMap(response -> response.getBodyAsString().defaultIfEmpty("").map(body -> capture(holder, response, body)));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        AtomicReference<List<String>> holder = holder(context);
        if (holder == null) {
            return next.processSync();
        }
        HttpResponse response = next.processSync().buffer();
        return capture(holder, response, response.getBodyAsBinaryData().toString());
    }

    /** The ETag header of each sub-response of a multipart batch answer, in order. */
    static List<String> parse(String multipartBody) {
        List<String> etags = new ArrayList<>();
        String[] parts = SUB_RESPONSE.split(multipartBody);
        for (int i = 1; i < parts.length; i++) {
            String etag = null;
            for (String line : LINE.split(BLANK_LINE.split(parts[i], 2)[0])) {
                if (line.toLowerCase(Locale.ROOT).startsWith("etag:")) {
                    etag = line.substring("etag:".length()).strip();
                }
            }
            etags.add(etag);
        }
        return etags;
    }

    private static HttpResponse capture(AtomicReference<List<String>> holder, HttpResponse response, String body) {
        if (response.getStatusCode() == 202) {
            holder.set(parse(body));
        }
        return response;
    }

    @SuppressWarnings("unchecked")
    private static AtomicReference<List<String>> holder(HttpPipelineCallContext context) {
        return (AtomicReference<List<String>>) context.getData(CONTEXT_KEY).orElse(null);
    }
}
