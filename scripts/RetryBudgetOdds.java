import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The odds of losing an item to independent transient failures under imagebatch's retry
 * policy (run/CallRetries): backoffs drawn from the same ExponentialBackOff with the same
 * jitter (half the first backoff), each failed call taking a fixed time, and a retry made only
 * while the time spent since the first failure plus the next wait fits the budget. Whether an
 * item is lost depends only on how many attempts fit, N: it is lost when all N fail, with
 * probability p^N; the jitter makes N vary, so the odds are the mean of p^N over many draws.
 * Run through scripts/retry-budget-odds.sh.
 */
public class RetryBudgetOdds {

	private static final int DRAWS = 200_000;

	public static void main(String[] args) {
		double failureRate = Double.parseDouble(args[0]);
		long initial = Long.parseLong(args[1]);
		long max = Long.parseLong(args[2]);
		long budget = Long.parseLong(args[3]);
		long failedCall = Long.parseLong(args[4]);
		int cap = (args.length > 5) ? Integer.parseInt(args[5]) : Integer.MAX_VALUE;
		long[] byAttempts = new long[128];
		double lost = 0;
		for (int draw = 0; draw < DRAWS; draw++) {
			ExponentialBackOff backOff = new ExponentialBackOff(initial, 2.0);
			backOff.setMaxInterval(max);
			backOff.setJitter(initial / 2);
			BackOffExecution waits = backOff.start();
			int attempts = 1;
			long spent = 0;
			while (attempts < cap) {
				long wait = waits.nextBackOff();
				if (spent + wait > budget) {
					break;
				}
				spent += wait + failedCall;
				attempts++;
			}
			byAttempts[Math.min(attempts, byAttempts.length - 1)]++;
			lost += Math.pow(failureRate, attempts);
		}
		System.out.printf("failure rate %s, backoff %d..%d ms, budget %d ms, failed call %d ms%s%n", args[0], initial,
				max, budget, failedCall, (cap < Integer.MAX_VALUE) ? ", at most " + cap + " attempts" : "");
		for (int attempts = 0; attempts < byAttempts.length; attempts++) {
			if (byAttempts[attempts] > 0) {
				System.out.printf("  %3d attempts fit in %5.1f %% of draws%n", attempts,
						100.0 * byAttempts[attempts] / DRAWS);
			}
		}
		System.out.printf("items lost per 10,000: %.3g%n", 10_000 * lost / DRAWS);
	}

}
