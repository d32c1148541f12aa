package io.imagebatch.dashboard;

import io.imagebatch.web.SecurityProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard's login form (Spring Security checks what it posts), with the issuer's
 * login beside it when one is configured for browsers.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class LoginPage {

	private final SecurityProperties security;

	LoginPage(SecurityProperties security) {
		this.security = security;
	}

	@GetMapping("/login")
	String login(Model model) {
		model.addAttribute("oidc", this.security.oidc().browserLogin());
		return "dashboard/login";
	}

}
