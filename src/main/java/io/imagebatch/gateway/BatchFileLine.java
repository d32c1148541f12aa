package io.imagebatch.gateway;

import io.imagebatch.system.Spool;

public sealed interface BatchFileLine {

	long number();

	record Content(long number, Spool bytes) implements BatchFileLine {
	}

	record TooLong(long number, long bytes) implements BatchFileLine {
	}

}
