package io.continuum.functions;

import java.util.List;

public record ValidationResponse(boolean valid, List<ProblemView> problems) {
}
