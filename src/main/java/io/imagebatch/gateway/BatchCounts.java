package io.imagebatch.gateway;

public record BatchCounts(int total, int completed, int failed) {
}
