package io.imagebatch.web;

import java.util.List;
import java.util.Map;

import io.imagebatch.cost.CostPeriodRefused;
import io.imagebatch.input.InputException;
import io.imagebatch.run.RunChangeRefused;
import io.imagebatch.run.RunChangedConcurrently;
import io.imagebatch.run.RunNotFound;
import io.imagebatch.schedule.ScheduleNotFound;
import io.imagebatch.schedule.ScheduleRefused;
import io.imagebatch.storage.StorageException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the API answers, as an RFC 9457 problem with a {@link ProblemType}: what
 * the run and schedule modules refuse, what the request got wrong (naming the field), and
 * what Spring MVC itself refuses. Messages say where things are; no stack trace, SQL or
 * secret leaves the process.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
class ApiProblems extends ResponseEntityExceptionHandler {

	private final WebProperties properties;

	ApiProblems(WebProperties properties) {
		this.properties = properties;
	}

	private static final Logger logger = LoggerFactory.getLogger(ApiProblems.class);

	@ExceptionHandler({ RunNotFound.class, ScheduleNotFound.class, NotFound.class })
	ResponseEntity<ProblemDetail> notFound(RuntimeException ex) {
		return answer(ProblemType.NOT_FOUND.problem(String.valueOf(ex.getMessage())));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> scheduleRefused(ScheduleRefused ex) {
		return answer(withField(ProblemType.USAGE.problem(ex.getMessage()), ex.field()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> firingWithoutRun(FiringWithoutRun ex) {
		FiringView firing = ex.firing();
		ProblemDetail problem = ProblemType.NO_RUN.problem("schedule " + firing.schedule() + " fired without a run ("
				+ firing.outcome() + ((firing.reason() != null) ? "): " + firing.reason() : ")"));
		problem.setProperty("schedule", firing.schedule());
		problem.setProperty("fire_time", firing.fireTime().toString());
		problem.setProperty("cause", firing.cause());
		problem.setProperty("outcome", firing.outcome());
		problem.setProperty("reason", firing.reason());
		return answer(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> changeRefused(RunChangeRefused ex) {
		ProblemDetail problem = ProblemType.CONFLICT.problem(ex.getMessage());
		problem.setProperty("run", ex.runId());
		problem.setProperty("run_status", ex.status().name());
		return answer(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> changedConcurrently(RunChangedConcurrently ex) {
		ProblemDetail problem = ProblemType.CONFLICT.problem("run " + ex.runId()
				+ " was changed by another request at the same moment (a stop or a restart); this one did nothing");
		problem.setProperty("run", ex.runId());
		return answer(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unusableInput(InputException ex) {
		return answer(ProblemType.UNUSABLE_INPUT.problem(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> field(FieldProblem ex) {
		return answer(withField(ProblemType.USAGE.problem(ex.getMessage()), ex.field()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> costPeriod(CostPeriodRefused ex) {
		return answer(withField(ProblemType.USAGE.problem(ex.getMessage()), ex.field()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> usage(IllegalArgumentException ex) {
		return answer(ProblemType.USAGE.problem(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> storage(StorageException ex) {
		logger.warn("Storage unavailable: {}", ex.getMessage());
		return answer(ProblemType.UNAVAILABLE.problem("the object store did not answer; try again later"));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> database(DataAccessException ex) {
		logger.warn("Database unavailable: {}", ex.getClass().getSimpleName());
		return answer(ProblemType.UNAVAILABLE.problem("the database did not answer; try again later"));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult().getFieldErrors();
		FieldError first = errors.getFirst();
		String detail = jsonName(first.getField()) + ": " + first.getDefaultMessage();
		ProblemDetail problem = withField(ProblemType.USAGE.problem(detail), jsonName(first.getField()));
		problem.setProperty("errors",
				errors.stream()
					.map((error) -> Map.of("field", jsonName(error.getField()), "message",
							String.valueOf(error.getDefaultMessage())))
					.toList());
		return new ResponseEntity<>(problem, headers, problem.getStatus());
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		UnreadableBody unreadable = UnreadableBody.of(ex);
		ProblemDetail problem = ProblemType.USAGE.problem(unreadable.detail());
		if (unreadable.field() != null) {
			withField(problem, unreadable.field());
		}
		return new ResponseEntity<>(problem, headers, problem.getStatus());
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = UploadLimit.problem(this.properties.maxUploadSize());
		return new ResponseEntity<>(problem, headers, problem.getStatus());
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			ProblemType type = ProblemType.of(statusCode.value());
			problem.setType(type.type());
			String field = fieldOf(ex);
			if (field != null) {
				withField(problem, field);
			}
		}
		return response;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(RuntimeException ex) {
		logger.error("Request failed", ex);
		return answer(ProblemType.INTERNAL.problem("imagebatch failed; the server's log says why"));
	}

	private static @Nullable String fieldOf(Exception ex) {
		return switch (ex) {
			case MissingServletRequestParameterException missing -> missing.getParameterName();
			case MissingServletRequestPartException missing -> missing.getRequestPartName();
			case MethodArgumentTypeMismatchException mismatch -> mismatch.getName();
			case HandlerMethodValidationException invalid -> invalid.getParameterValidationResults()
				.stream()
				.findFirst()
				.map((result) -> result.getMethodParameter().getParameterName())
				.orElse(null);
			default -> null;
		};
	}

	/**
	 * A request body's field as the JSON names it: {@code defaults.outputFormat} →
	 * {@code defaults.output_format}.
	 */
	private static String jsonName(String path) {
		StringBuilder name = new StringBuilder(path.length() + 8);
		for (char c : path.toCharArray()) {
			if (Character.isUpperCase(c)) {
				name.append('_').append(Character.toLowerCase(c));
			}
			else {
				name.append(c);
			}
		}
		return name.toString();
	}

	private static ProblemDetail withField(ProblemDetail problem, String field) {
		problem.setProperty("field", field);
		return problem;
	}

	private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/**
	 * A schedule fired when asked and made no run: its overlap policy, a spend cap or its
	 * source stood in the way.
	 */
	static class FiringWithoutRun extends RuntimeException {

		private final FiringView firing;

		FiringWithoutRun(FiringView firing) {
			super("schedule " + firing.schedule() + " fired without a run: " + firing.outcome());
			this.firing = firing;
		}

		FiringView firing() {
			return this.firing;
		}

	}

	/**
	 * Something a request names does not exist.
	 */
	static class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message);
		}

	}

}
