package io.imagebatch.testsupport;

/**
 * Input rows many tests run: one of each outcome an item can have.
 */
public final class SampleRows {

	/** Two good rows, one the gateway rejects, one invalid (n=2 for dall-e-3, line 5). */
	public static final String MIXED = """
			id,prompt,model,size,n
			good-1,A red bicycle,dall-e-2,256x256,1
			good-2,A blue kettle,dall-e-2,256x256,1
			rejected,A forbidden #reject picture,dall-e-2,256x256,1
			invalid,Two lighthouses,dall-e-3,1024x1024,2
			""";

	/**
	 * Two rows with an id and a prompt only: $0.032 at list price with dall-e-2 and
	 * 256x256 as defaults.
	 */
	public static final String TWO_ROWS = """
			id,prompt
			kite,A red kite
			boat,A small boat
			""";

	private SampleRows() {
	}

}
