package io.continuum.functions;

import java.util.List;

/** Every 4xx answer: what went wrong, in detail, where (file:line:column or request field), and all located problems. */
public record ErrorResponse(String error, String detail, String location, List<ProblemView> problems) {
}
