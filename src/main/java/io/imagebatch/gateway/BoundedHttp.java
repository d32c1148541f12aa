package io.imagebatch.gateway;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.imagebatch.system.Spool;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * HTTP exchanges bounded in time and size, whatever the other side does. The timeout
 * covers the whole exchange, body included: a watchdog cancels the request at its
 * deadline, so an answer that drips one byte every few seconds, or never ends, cannot
 * hold a call longer than its timeout. Bodies are read into a {@link Spool} with a cap,
 * so an endless or huge answer costs neither memory nor more than the cap of disk.
 * <p>
 * Redirects, retries, cookies and transparent decompression are all off: each would let
 * the other side make us do work we did not decide on (a gzip bomb, a redirect to an
 * internal address).
 */
final class BoundedHttp implements AutoCloseable {

	/** One thread cancels every overdue exchange of the process. */
	private static final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "imagebatch-http-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	private final CloseableHttpClient client;

	/**
	 * @param connectTimeout how long opening a connection may take
	 * @param maxConnections connections kept at most, per host and in all
	 * @param resolver resolves host names; the connection goes to the addresses it
	 * returns
	 */
	BoundedHttp(Duration connectTimeout, int maxConnections, DnsResolver resolver) {
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(resolver)
				.setMaxConnPerRoute(maxConnections)
				.setMaxConnTotal(maxConnections)
				.setDefaultConnectionConfig(
						ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout)).build())
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableContentCompression()
			.disableCookieManagement()
			.build();
	}

	/**
	 * Starts an exchange: sends the request and waits for the status and headers. The
	 * deadline runs from now; read the body within it through the returned exchange, and
	 * close it.
	 * @throws ExchangeTimeout when the deadline passes
	 * @throws IOException when no answer arrives
	 */
	Exchange send(HttpUriRequestBase request, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		request.setConfig(RequestConfig.custom()
			.setResponseTimeout(Timeout.of(timeout))
			.setConnectionRequestTimeout(Timeout.of(timeout))
			.build());
		ScheduledFuture<?> cancel = watchdog.schedule(request::cancel, timeout.toNanos(), TimeUnit.NANOSECONDS);
		try {
			ClassicHttpResponse response = this.client.executeOpen(null, request, null);
			return new Exchange(request, response, deadline, timeout, cancel);
		}
		catch (IOException ex) {
			cancel.cancel(false);
			throw overdue(deadline) ? new ExchangeTimeout(timeout, ex) : ex;
		}
		catch (RuntimeException ex) {
			cancel.cancel(false);
			throw ex;
		}
	}

	private static boolean overdue(long deadline) {
		return System.nanoTime() - deadline >= 0;
	}

	@Override
	public void close() throws IOException {
		this.client.close();
	}

	/** An answer whose status and headers have arrived; its body is read on demand. */
	static final class Exchange implements AutoCloseable {

		private final HttpUriRequestBase request;

		private final ClassicHttpResponse response;

		private final long deadline;

		private final Duration timeout;

		private final ScheduledFuture<?> cancel;

		private Exchange(HttpUriRequestBase request, ClassicHttpResponse response, long deadline, Duration timeout,
				ScheduledFuture<?> cancel) {
			this.request = request;
			this.response = response;
			this.deadline = deadline;
			this.timeout = timeout;
			this.cancel = cancel;
		}

		int status() {
			return this.response.getCode();
		}

		Optional<String> header(String name) {
			Header header = this.response.getFirstHeader(name);
			return Optional.ofNullable(header).map(Header::getValue);
		}

		/**
		 * Reads the whole body into a spool.
		 * @throws Spool.SpoolFullException when the body is longer than {@code maxBytes}
		 * @throws ExchangeTimeout when the deadline passes first
		 * @throws IOException when the connection breaks
		 */
		Spool body(long maxBytes) throws IOException {
			Spool spool = Spool.create(maxBytes);
			try {
				HttpEntity entity = this.response.getEntity();
				if (entity != null) {
					try (InputStream in = entity.getContent()) {
						copy(in, spool);
					}
				}
				return spool;
			}
			catch (IOException | RuntimeException ex) {
				spool.close();
				throw ex;
			}
		}

		/**
		 * The body as a stream, for bodies read piece by piece rather than held: a read
		 * after the deadline, or cut off by it, throws {@link ExchangeTimeout}. Closing
		 * the exchange closes the stream.
		 */
		InputStream stream() throws IOException {
			HttpEntity entity = this.response.getEntity();
			InputStream in = (entity != null) ? entity.getContent() : InputStream.nullInputStream();
			return new FilterInputStream(in) {

				@Override
				public int read() throws IOException {
					byte[] one = new byte[1];
					return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xff);
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					checkDeadline(null);
					try {
						return super.read(buffer, offset, length);
					}
					catch (IOException | RuntimeException ex) {
						checkDeadline(ex);
						throw ex;
					}
				}

			};
		}

		/**
		 * The start of the body as text, for error answers: at most {@code maxBytes}, the
		 * rest left unread. Empty when the body cannot be read in time.
		 */
		String text(int maxBytes) {
			HttpEntity entity = this.response.getEntity();
			if (entity == null) {
				return "";
			}
			try (Spool spool = Spool.create(maxBytes); InputStream in = entity.getContent()) {
				try {
					copy(in, spool);
				}
				catch (Spool.SpoolFullException ex) {
					// the start is all an error message needs
				}
				return new String(spool.toByteArray(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "";
			}
		}

		private void copy(InputStream in, Spool spool) throws IOException {
			byte[] buffer = new byte[64 * 1024];
			try {
				int read;
				while ((read = in.read(buffer)) != -1) {
					checkDeadline(null);
					spool.write(buffer, 0, read);
				}
			}
			catch (Spool.SpoolFullException | ExchangeTimeout ex) {
				throw ex;
			}
			catch (IOException | RuntimeException ex) {
				checkDeadline(ex);
				throw ex;
			}
		}

		/**
		 * Throws once the deadline has passed, naming {@code cause} when there is one.
		 */
		private void checkDeadline(@Nullable Exception cause) throws ExchangeTimeout {
			if (overdue(this.deadline) || (cause instanceof InterruptedIOException)) {
				throw new ExchangeTimeout(this.timeout, cause);
			}
		}

		@Override
		public void close() {
			this.cancel.cancel(false);
			// an unread or partly read body must not go back to the pool: drop the
			// connection
			this.request.cancel();
			try {
				this.response.close();
			}
			catch (IOException ex) {
				// the connection is dropped either way
			}
		}

	}

	/** The exchange took longer than its timeout, body included. */
	static final class ExchangeTimeout extends IOException {

		ExchangeTimeout(Duration timeout, @Nullable Throwable cause) {
			super("no complete answer within " + timeout.toMillis() + " ms", cause);
		}

	}

}
