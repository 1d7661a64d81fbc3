package io.continuum.functions;

/** A request without the API's key (401). */
class UnauthorizedException extends RuntimeException {

    UnauthorizedException(String message) {
        super(message);
    }
}
