package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

public record BatchError(@Nullable String code, @Nullable String message, @Nullable Long line) {
}
