package io.imagebatch.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Turns an image's coordinates into its object key. Placeholders: {@code {prefix}},
 * {@code {run}}, {@code {item}} (the external id), {@code {index}}, {@code {ext}},
 * {@code {model}}, {@code {size}}, {@code {quality}}, and any extra input column by its
 * lower-case name. Values are percent-encoded where they are not safe in a key, so two
 * different ids never share a key. Keys must be deterministic: a restart looks for the
 * objects of an answered call at the same keys.
 * <p>
 * A key is made of {@code /}-separated segments. A segment made from values never reads
 * {@code .} or {@code ..} (which name folders) nor {@link #MANIFEST} (so that no item's
 * objects sit where its run's manifest goes); and
 * {@link #whyTooLong(String, int, String, String, String, Map)} tells, before any money
 * is spent, whether a store would refuse an item's keys.
 */
public final class ObjectKeyTemplate {

	/** The default layout (DESIGN §2.4). */
	public static final String DEFAULT = "{prefix}{run}/{item}/{index}.{ext}";

	/** The name of a run's manifest in its folder (DESIGN §2.4). */
	public static final String MANIFEST = "manifest.jsonl";

	/** What S3 takes as a key, in UTF-8 bytes. */
	static final int MAX_KEY_BYTES = 1024;

	/**
	 * What a file-system-backed store (S3Proxy, MinIO on a disk) takes as one segment, in
	 * bytes: a file name.
	 */
	static final int MAX_SEGMENT_BYTES = 255;

	/**
	 * Run ids are at most this long ({@code run.id VARCHAR(40)}); keys are checked for
	 * the longest, so that no run can make them too long.
	 */
	private static final int LONGEST_RUN_ID = 40;

	/** A value where none applies (no size or quality), as the run module fills it in. */
	private static final String NOT_APPLICABLE = "-";

	private static final Set<String> RESERVED_SEGMENTS = Set.of(".", "..", MANIFEST);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_\\-]+)}");

	private static final Set<String> REQUIRED = Set.of("item", "index");

	private final String template;

	private final String prefix;

	public ObjectKeyTemplate(String template, String prefix) {
		Set<String> names = new HashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		if (!names.containsAll(REQUIRED)) {
			throw new IllegalArgumentException("imagebatch.storage.key-template '" + template
					+ "' must contain {item} and {index} so that every image gets a key of its own");
		}
		if (template.replaceAll(PLACEHOLDER.pattern(), "").contains("{")) {
			throw new IllegalArgumentException("imagebatch.storage.key-template '" + template
					+ "' has a malformed placeholder; use lower-case names in braces such as {run}");
		}
		this.template = template;
		this.prefix = prefix;
	}

	/**
	 * The key of one image.
	 * @param coordinates the built-in placeholders' values (run, item, index, ext, ...)
	 * @param metadata extra input columns
	 * @return the key
	 */
	public String render(Map<String, String> coordinates, Map<String, String> metadata) {
		return String.join("/", segments(coordinates, metadata).stream().map(Segment::text).toList());
	}

	/**
	 * Why a store would refuse the keys of an item's images, if it would: a key longer
	 * than S3 takes, or a segment longer than a file-system store takes. Checked for the
	 * longest run id and file extension, so that the answer holds for any run.
	 * @param item the external id
	 * @param images how many images the item asks for
	 * @param model the model
	 * @param size the size, {@code null} when none is sent
	 * @param quality the quality, {@code null} when none is sent
	 * @param metadata extra input columns
	 * @return what is too long, as a sentence about "its segment ..." or "it"; empty when
	 * every key fits
	 */
	public Optional<String> whyTooLong(String item, int images, String model, @Nullable String size,
			@Nullable String quality, Map<String, String> metadata) {
		return why(segments(coordinates("0".repeat(LONGEST_RUN_ID), item, Math.max(images - 1, 0), longestExtension(),
				model, size, quality), metadata));
	}

	/**
	 * The key of one image of an item.
	 * @param run the run's id
	 * @param item the item's external id
	 * @param index the image's index in its call's answer
	 * @param extension the image format's extension
	 * @param model the model as the item asked for it
	 * @param size the size, if the model takes one
	 * @param quality the quality, if the model takes one
	 * @param metadata the item's extra columns
	 * @return the key
	 */
	public String imageKey(String run, String item, int index, String extension, String model, @Nullable String size,
			@Nullable String quality, Map<String, String> metadata) {
		return render(coordinates(run, item, index, extension, model, size, quality), metadata);
	}

	/** The one place that names an image's coordinates, for keys and for their checks. */
	private static Map<String, String> coordinates(String run, String item, int index, String extension, String model,
			@Nullable String size, @Nullable String quality) {
		Map<String, String> coordinates = new LinkedHashMap<>();
		coordinates.put("run", run);
		coordinates.put("item", item);
		coordinates.put("index", Integer.toString(index));
		coordinates.put("ext", extension);
		coordinates.put("model", model);
		coordinates.put("size", (size != null) ? size : NOT_APPLICABLE);
		coordinates.put("quality", (quality != null) ? quality : NOT_APPLICABLE);
		return coordinates;
	}

	/**
	 * The folder of a run, {@code {prefix}{run}/}: where its images are in the default
	 * layout, and where its own files go whatever the layout.
	 * @param runId the run
	 * @return the key prefix, ending in {@code /}
	 */
	public String runFolder(String runId) {
		return this.prefix + encode(runId) + "/";
	}

	/**
	 * The key of a run's manifest, {@code {prefix}{run}/manifest.jsonl}.
	 * @param runId the run
	 * @return the key
	 */
	public String manifestKey(String runId) {
		return runFolder(runId) + MANIFEST;
	}

	/**
	 * The key's segments. Values never contain {@code /} once encoded; the prefix and the
	 * template's own text may.
	 */
	private List<Segment> segments(Map<String, String> coordinates, Map<String, String> metadata) {
		Map<String, String> values = new LinkedHashMap<>(metadata);
		values.putAll(coordinates);
		SegmentBuilder segments = new SegmentBuilder();
		Matcher matcher = PLACEHOLDER.matcher(this.template);
		int literalStart = 0;
		while (matcher.find()) {
			segments.addLiteral(this.template.substring(literalStart, matcher.start()));
			String name = matcher.group(1);
			if ("prefix".equals(name)) {
				segments.addLiteral(this.prefix);
			}
			else {
				segments.addValue(encode(values.getOrDefault(name, "_")), matcher.group());
			}
			literalStart = matcher.end();
		}
		segments.addLiteral(this.template.substring(literalStart));
		return segments.finish();
	}

	private static Optional<String> why(List<Segment> segments) {
		int keyBytes = segments.size() - 1;
		for (Segment segment : segments) {
			int bytes = segment.text().getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_SEGMENT_BYTES) {
				return Optional.of("its segment %s would have %d bytes once percent-encoded; S3 and file-system stores"
					.formatted(segment.template(), bytes) + " take at most " + MAX_SEGMENT_BYTES);
			}
			keyBytes += bytes;
		}
		if (keyBytes > MAX_KEY_BYTES) {
			return Optional.of("it would have %d bytes once percent-encoded; S3 takes at most %d".formatted(keyBytes,
					MAX_KEY_BYTES));
		}
		return Optional.empty();
	}

	private static String longestExtension() {
		return Arrays.stream(ImageFormat.values())
			.map(ImageFormat::extension)
			.max(Comparator.comparingInt(String::length))
			.orElseThrow();
	}

	/**
	 * Keeps letters, digits and {@code -_.}; everything else becomes %XX of its UTF-8. An
	 * empty value becomes {@code _}; {@code .}, {@code ..} and {@code manifest.jsonl}
	 * have their dots encoded, as no other value encodes to {@code %2E}, so they neither
	 * name a folder's parent, nor stand where a run's manifest goes, nor share a key with
	 * another value.
	 */
	static String encode(String value) {
		if (value.isEmpty()) {
			return "_";
		}
		if (RESERVED_SEGMENTS.contains(value)) {
			return withDotsEncoded(value);
		}
		StringBuilder encoded = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return encoded.toString();
	}

	private static String withDotsEncoded(String value) {
		return value.replace(".", "%2E");
	}

	/**
	 * One segment of a key.
	 *
	 * @param text the segment as it is in the key
	 * @param template the part of the template it comes from, such as {@code {item}}
	 */
	private record Segment(String text, String template) {

	}

	/**
	 * Collects segments from literal text (split at {@code /}) and encoded values. A
	 * segment that values made and that reads as a reserved name (say {@code {a}.{b}}
	 * giving {@code manifest.jsonl}) gets its dots encoded like a value.
	 */
	private static final class SegmentBuilder {

		private final List<Segment> segments = new ArrayList<>();

		private final StringBuilder text = new StringBuilder();

		private final StringBuilder template = new StringBuilder();

		private boolean fromValues;

		void addLiteral(String literal) {
			for (int i = 0; i < literal.length(); i++) {
				char c = literal.charAt(i);
				if (c == '/') {
					close();
				}
				else {
					this.text.append(c);
					this.template.append(c);
				}
			}
		}

		void addValue(String encoded, String placeholder) {
			this.text.append(encoded);
			this.template.append(placeholder);
			this.fromValues = true;
		}

		List<Segment> finish() {
			close();
			return this.segments;
		}

		private void close() {
			String segment = this.text.toString();
			if (this.fromValues && RESERVED_SEGMENTS.contains(segment)) {
				segment = withDotsEncoded(segment);
			}
			this.segments.add(new Segment(segment, this.template.toString()));
			this.text.setLength(0);
			this.template.setLength(0);
			this.fromValues = false;
		}

	}

}
