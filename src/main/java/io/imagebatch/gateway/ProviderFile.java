package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

public record ProviderFile(String id, @Nullable String filename, long bytes) {
}
