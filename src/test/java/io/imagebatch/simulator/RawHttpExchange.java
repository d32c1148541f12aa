package io.imagebatch.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a bare socket, for tests that need what {@code HttpClient}
 * hides: when the headers arrived apart from the body, the body byte by byte, and hanging
 * up in the middle of it.
 */
final class RawHttpExchange implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private RawHttpExchange(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
	}

	static RawHttpExchange post(URI base, String path, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		return open(base,
				"POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: Bearer "
						+ SimulatorClient.KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
						+ "\r\n\r\n",
				body);
	}

	static RawHttpExchange get(URI url) {
		return open(url, "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\n\r\n",
				new byte[0]);
	}

	private static RawHttpExchange open(URI base, String head, byte[] body) {
		try {
			Socket socket = new Socket(base.getHost(), base.getPort());
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			return new RawHttpExchange(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The status line and headers, lower-cased, up to the blank line. */
	String head() {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		try {
			while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
				int b = this.in.read();
				if (b < 0) {
					throw new IOException("The connection ended within the headers: " + head);
				}
				head.write(b);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
	}

	/** The next {@code count} bytes of the body, however slowly they come. */
	byte[] read(int count) {
		try {
			byte[] bytes = this.in.readNBytes(count);
			if (bytes.length < count) {
				throw new IOException("The body ended after " + bytes.length + " of " + count + " bytes");
			}
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Hangs up, whatever is still coming. */
	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closed either way
		}
	}

}
