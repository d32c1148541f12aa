package io.imagebatch.cost;

import java.math.BigDecimal;

/**
 * One row of a cost report.
 *
 * @param model the model
 * @param size the size
 * @param quality the quality
 * @param images images generated
 * @param usd the known cost of those images
 * @param unpricedImages images whose price is unknown (not counted in {@code usd})
 */
public record CostLine(String model, String size, String quality, long images, BigDecimal usd, long unpricedImages) {

}
