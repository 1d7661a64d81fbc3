package io.continuum.context;

/** A context template could not be rendered; the message says where and why, for the user. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
