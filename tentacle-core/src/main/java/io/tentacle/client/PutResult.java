package io.tentacle.client;

/**
 * What the server did with a PUT: it stored the first {@code stored} files, in order, and not the next,
 * for {@code reason} (null when it stored them all); it stored none after that one.
 */
public record PutResult(int stored, String reason) {}
