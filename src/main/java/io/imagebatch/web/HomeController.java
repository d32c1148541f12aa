package io.imagebatch.web;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where a browser lands after logging in: the API's own pages (Swagger UI), until the
 * dashboard takes this place.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
@Hidden
class HomeController {

	@GetMapping("/")
	String home() {
		return "redirect:/swagger-ui.html";
	}

}
