package io.imagebatch.web;

/**
 * A request field whose value cannot be used: answered {@code 400} naming the field.
 */
class FieldProblem extends RuntimeException {

	private final String field;

	FieldProblem(String field, String message) {
		super(message);
		this.field = field;
	}

	String field() {
		return this.field;
	}

}
