package io.imagebatch.run;

import java.util.List;

/**
 * What a resubmission takes from its parent run, as checked before it was created.
 *
 * @param run the new run
 * @param items items it retries
 * @param invalidLeftOut INVALID items of the parent left out because they were neither
 * chosen nor edited
 * @param resubmittedBefore items among them that an earlier resubmission retried already
 * @param earlierResubmissions the parent's earlier resubmission runs
 */
public record ResubmissionPlan(Run run, long items, long invalidLeftOut, long resubmittedBefore,
		List<String> earlierResubmissions) {

}
