package io.imagebatch.dashboard;

import jakarta.servlet.http.HttpServletResponse;
import io.imagebatch.run.RunNotFound;
import io.imagebatch.schedule.ScheduleNotFound;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every dashboard page knows: who is looking. Pages also get a content security
 * policy that allows this server's own scripts only: whatever a gateway or an input row
 * put into a prompt or an error message is shown as text and could not run even if it
 * were not.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ControllerAdvice(basePackageClasses = DashboardPages.class)
class DashboardPages {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; "
			+ "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

	@ModelAttribute("viewer")
	@Nullable Viewer viewer(@Nullable Authentication authentication, HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		return (authentication != null) ? Viewer.of(authentication) : null;
	}

	/**
	 * A page of a run that does not exist: a page that says so, {@code 404}. The API's
	 * answer to the same stays its problem document.
	 */
	@ExceptionHandler
	ModelAndView runNotFound(RunNotFound ex, @Nullable Authentication authentication, HttpServletResponse response) {
		return notFound(ex.getMessage(), "/", "list of runs", "run", authentication, response);
	}

	/** The same for a schedule: deleted, perhaps, by someone else. */
	@ExceptionHandler
	ModelAndView scheduleNotFound(ScheduleNotFound ex, @Nullable Authentication authentication,
			HttpServletResponse response) {
		return notFound(ex.getMessage(), "/schedules", "list of schedules", "schedule", authentication, response);
	}

	private ModelAndView notFound(String message, String list, String listName, String kind,
			@Nullable Authentication authentication, HttpServletResponse response) {
		ModelAndView page = new ModelAndView("dashboard/not-found", HttpStatus.NOT_FOUND);
		page.addObject("viewer", viewer(authentication, response));
		page.addObject("message", message);
		page.addObject("list", list);
		page.addObject("listName", listName);
		page.addObject("kind", kind);
		return page;
	}

}
