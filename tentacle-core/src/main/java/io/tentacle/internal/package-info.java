/**
 * Implementation details shared by the server and the client; not part of the public API, may change
 * in any release.
 */
package io.tentacle.internal;
