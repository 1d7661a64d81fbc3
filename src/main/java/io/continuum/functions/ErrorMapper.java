package io.continuum.functions;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.engine.api.InfraNotFoundException;
import io.continuum.engine.api.RefusedException;
import io.continuum.engine.api.ValidationException;
import io.continuum.engine.api.OperationBusyException;
import io.continuum.state.ConflictException;
import io.continuum.state.LeaseHeldException;
import io.continuum.state.StateTooLargeException;
import io.continuum.state.StateUnavailableException;
import io.netty.handler.codec.DecoderException;
import io.quarkus.funqy.runtime.ApplicationException;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Turns what a caller caused into a 4xx with {@code {error, detail, location, problems}}; Funqy
 * would answer 500 for every exception. Anything else stays a 500 without internals (a bug or an
 * outage), logged here with its stack trace.
 */
final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    private final ObjectMapper json;

    ErrorMapper(ObjectMapper json) {
        this.json = json;
    }

    void handle(RoutingContext ctx) {
        Throwable t = ctx.failure();
        while (t instanceof ApplicationException && t.getCause() != null) {
            t = t.getCause();
        }
        Mapped m = map(t, ctx.statusCode());
        if (t instanceof StateUnavailableException) { // the answer says only "unavailable"; the operator needs why
            LOG.warnf("%s answered 503: %s", ctx.request().path(), t.getMessage());
        }
        if (m == null) {
            LOG.errorf(t, "unexpected failure on %s", ctx.request().path());
            m = new Mapped(500, new ErrorResponse("internal error",
                    "the request failed on the server side; see the service log", null, List.of()));
        }
        if (ctx.response().headWritten()) {
            ctx.response().close();
            return;
        }
        try {
            ctx.response().setStatusCode(m.status)
                    .putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(m.body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    private record Mapped(int status, ErrorResponse body) {
    }

    private static Mapped map(Throwable t, int status) {
        if (t instanceof ValidationException v) {
            List<ProblemView> problems = v.problems().stream().map(ProblemView::of).toList();
            String location = problems.stream().filter(p -> p.severity().equals("error")).findFirst()
                    .map(p -> p.location() + (p.path().isEmpty() ? "" : " " + p.path())).orElse(null);
            return new Mapped(400, new ErrorResponse("invalid input", v.getMessage(), location, problems));
        }
        if (t instanceof UnauthorizedException e) {
            return new Mapped(401, new ErrorResponse("unauthorized", e.getMessage(), null, List.of()));
        }
        if (t instanceof InfraNotFoundException e) {
            return new Mapped(404, new ErrorResponse("not found", e.getMessage(), null, List.of()));
        }
        if (t instanceof RefusedException e) {
            return new Mapped(409, new ErrorResponse("refused", e.getMessage(), null, List.of()));
        }
        // A ConflictException reaching here lost a race for a row another request wrote: retryable.
        if (t instanceof LeaseHeldException || t instanceof OperationBusyException || t instanceof ConflictException) {
            return new Mapped(409, new ErrorResponse("conflict", t.getMessage(), null, List.of()));
        }
        if (t instanceof StateUnavailableException) { // an outage, not a bug: say so, with no internals
            return new Mapped(503, new ErrorResponse("unavailable",
                    "the state store does not answer; retry later (readiness: /q/health/ready)", null, List.of()));
        }
        if (t instanceof StateTooLargeException e) {
            return new Mapped(413, new ErrorResponse("too large", e.getMessage(), null, List.of()));
        }
        if (t instanceof JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String location = at == null ? "request body"
                    : "request body:" + at.getLineNr() + ":" + at.getColumnNr();
            return new Mapped(400, new ErrorResponse("invalid JSON", e.getOriginalMessage(), location, List.of()));
        }
        if (t instanceof DecoderException) { // a form or multipart body Vert.x could not decode
            return new Mapped(400, new ErrorResponse("bad request", "the request body could not be decoded ("
                    + t.getClass().getSimpleName() + "); send a JSON object with Content-Type: application/json",
                    "request body", List.of()));
        }
        if (t == null && status >= 400 && status < 500) {
            return new Mapped(status, new ErrorResponse("bad request",
                    "the request could not be read; send a JSON object with Content-Type: application/json",
                    "request body", List.of()));
        }
        return null;
    }
}
