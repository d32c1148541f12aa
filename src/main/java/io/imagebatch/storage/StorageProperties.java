package io.imagebatch.storage;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where images are stored. With neither {@code endpoint} nor {@code region} set, an
 * embedded S3 server keeps them under {@code <data-dir>/s3}. Credentials come from the
 * standard AWS provider chain, never from here.
 *
 * @param bucket the bucket
 * @param prefix prepended to every key (may be empty)
 * @param keyTemplate the object key template, see {@link ObjectKeyTemplate}
 * @param endpoint an S3-compatible endpoint (MinIO, R2, ...); empty for AWS
 * @param region the AWS region
 * @param pathStyle path-style addressing, as most S3-compatible servers need
 * @param createBucket create the bucket when it does not exist
 */
@ConfigurationProperties("imagebatch.storage")
public record StorageProperties(@DefaultValue("imagebatch") String bucket, @DefaultValue("") String prefix,
		@DefaultValue(ObjectKeyTemplate.DEFAULT) String keyTemplate, @Nullable URI endpoint, @Nullable String region,
		@DefaultValue("false") boolean pathStyle, @DefaultValue("true") boolean createBucket) {

	boolean embedded() {
		return this.endpoint == null && this.region == null;
	}

}
