package io.imagebatch.storage;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an image's coordinates into its object key. Placeholders: {@code {prefix}},
 * {@code {run}}, {@code {item}} (the external id), {@code {index}}, {@code {ext}},
 * {@code {model}}, {@code {size}}, {@code {quality}}, and any extra input column by its
 * lower-case name. Values are percent-encoded where they are not safe in a key, so two
 * different ids never share a key. Keys must be deterministic: a restart looks for the
 * objects of an answered call at the same keys.
 */
public final class ObjectKeyTemplate {

	/** The default layout (DESIGN §2.4). */
	public static final String DEFAULT = "{prefix}{run}/{item}/{index}.{ext}";

	/** The name of a run's manifest in its folder (DESIGN §2.4). */
	public static final String MANIFEST = "manifest.jsonl";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_\\-]+)}");

	private static final Set<String> REQUIRED = Set.of("item", "index");

	private final String template;

	private final String prefix;

	public ObjectKeyTemplate(String template, String prefix) {
		Set<String> names = new java.util.HashSet<>();
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
		Map<String, String> values = new LinkedHashMap<>(metadata);
		values.putAll(coordinates);
		Matcher matcher = PLACEHOLDER.matcher(this.template);
		StringBuilder key = new StringBuilder(this.prefix.length() + 64);
		while (matcher.find()) {
			String name = matcher.group(1);
			String value = "prefix".equals(name) ? this.prefix : encode(values.getOrDefault(name, "_"));
			matcher.appendReplacement(key, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(key);
		return key.toString();
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
	 * Keeps letters, digits and {@code -_.}; everything else becomes %XX of its UTF-8. An
	 * empty value becomes {@code _}; {@code .} and {@code ..} are encoded whole, as no
	 * other value encodes to {@code %2E}, so they neither name a folder's parent nor
	 * share a key with another value.
	 */
	static String encode(String value) {
		if (value.isEmpty()) {
			return "_";
		}
		if (".".equals(value) || "..".equals(value)) {
			return value.replace(".", "%2E");
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

}
