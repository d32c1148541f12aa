/**
 * Where images go the moment they arrive: any S3-compatible store (an embedded S3Proxy by
 * default), at a deterministic key, with content type, SHA-256 checksum and metadata.
 */
@NullMarked
package io.imagebatch.storage;

import org.jspecify.annotations.NullMarked;
