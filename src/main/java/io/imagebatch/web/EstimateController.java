package io.imagebatch.web;

import java.util.List;
import java.util.Map;

import io.imagebatch.estimate.SpendEstimateJson;
import io.imagebatch.estimate.SpendEstimates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * What a run would cost, before anything is spent: every row validated and priced at list
 * price, sync and batch, with the time the gateway's limits need — {@code estimate} on
 * the command line. Takes what a submission takes; creates no run and stores nothing.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@Tag(name = "estimate", description = "What a run would cost, before it exists")
class EstimateController {

	private final SpendEstimates estimates;

	private final UploadedInputs uploads;

	private final WebProperties properties;

	EstimateController(SpendEstimates estimates, UploadedInputs uploads, WebProperties properties) {
		this.estimates = estimates;
		this.uploads = uploads;
		this.properties = properties;
	}

	@Operation(summary = "Estimate a run from a source or from rows given inline",
			description = "The body a submission would have; 'source' or 'rows'. Nothing is created or spent.")
	@PostMapping(path = "/api/estimate", consumes = MediaType.APPLICATION_JSON_VALUE)
	SpendEstimateJson estimate(@Valid @RequestBody SubmitRequest request) {
		List<Map<String, @Nullable Object>> rows = request.checkedRows(this.properties.maxInlineRows());
		if (rows != null) {
			return this.uploads.read(rows,
					(path) -> SpendEstimateJson.of(this.estimates.estimate(request.toRunRequest(path))));
		}
		return SpendEstimateJson.of(this.estimates.estimate(request.toRunRequest(request.checkedSource())));
	}

	@Operation(summary = "Estimate a run from an uploaded CSV file", description = "Nothing is stored or spent.")
	@PostMapping(path = "/api/estimate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	SpendEstimateJson estimate(@RequestPart("file") MultipartFile file, @Valid @ModelAttribute UploadForm form) {
		return this.uploads.read(file,
				(path) -> SpendEstimateJson.of(this.estimates.estimate(path, form.defaults(), form.gateway())));
	}

}
