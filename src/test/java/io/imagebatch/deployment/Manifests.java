package io.imagebatch.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.Yaml;

/**
 * YAML read as plain maps and lists, and walked by path: rendered Kubernetes manifests,
 * values files, the compose file.
 */
final class Manifests {

	private Manifests() {
	}

	/** Every non-empty document of a multi-document YAML text. */
	static List<Map<String, Object>> documents(String yaml) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return documents;
	}

	static Map<String, Object> document(String yaml) {
		return map(Objects.requireNonNull(new Yaml().load(yaml), "an empty YAML document"));
	}

	/**
	 * The value at a dotted path ({@code spec.template.spec}); {@code null} if absent.
	 */
	static Object at(Object root, String path) {
		Object node = root;
		for (String step : path.split("\\.")) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = map.get(step);
		}
		return node;
	}

	static Map<String, Object> mapAt(Object root, String path) {
		Object node = at(root, path);
		return (node != null) ? map(node) : Map.of();
	}

	static List<Map<String, Object>> listAt(Object root, String path) {
		Object node = at(root, path);
		if (node == null) {
			return List.of();
		}
		return ((List<?>) node).stream().map(Manifests::map).toList();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node) {
		if (!(node instanceof Map<?, ?>)) {
			throw new IllegalArgumentException("not a mapping: " + node);
		}
		return (Map<String, Object>) node;
	}

	/**
	 * {@code overrides} merged into a copy of {@code base}, mappings merged key by key.
	 */
	static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> overrides) {
		Map<String, Object> result = new LinkedHashMap<>(base);
		overrides.forEach((key, value) -> {
			Object existing = result.get(key);
			result.put(key, (existing instanceof Map<?, ?> && value instanceof Map<?, ?>)
					? merged(map(existing), map(value)) : value);
		});
		return result;
	}

}
