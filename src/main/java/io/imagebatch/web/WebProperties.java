package io.imagebatch.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of {@code serve}'s API.
 *
 * @param maxUploadSize the largest CSV an upload may carry (the multipart limits follow
 * it)
 * @param maxInlineRows the most rows a JSON submission may carry inline; more go in an
 * uploaded CSV
 * @param pageSize entries a page holds when the request does not say
 * @param maxPageSize entries a page holds at most
 * @param eventInterval how often a run's event stream looks for progress
 */
@ConfigurationProperties("imagebatch.web")
public record WebProperties(@DefaultValue("200MB") DataSize maxUploadSize, @DefaultValue("10000") int maxInlineRows,
		@DefaultValue("50") int pageSize, @DefaultValue("500") int maxPageSize,
		@DefaultValue("1s") Duration eventInterval) {

	/**
	 * Entries a page holds: as many as asked, or the default, but never past the most.
	 */
	int pageSizeFor(@Nullable Integer asked) {
		return Math.min((asked != null) ? asked : this.pageSize, this.maxPageSize);
	}

}
