namespace RewardEngine.Reporting;

/// <summary>
/// McNemar's exact test for two runs judged on the same pairs. Only the discordant pairs carry information about a
/// difference: under "no difference" a pair that changed is as likely to have improved as regressed, so the number
/// that improved is Binomial(improved + regressed, 1/2). The p-value is two-sided. With fractional results (ties at
/// 0.5, both orders averaged) a pair counts as improved or regressed by the sign of its change: the sign test, which
/// is McNemar's exact test when results are 0 or 1.
/// </summary>
public static class McNemarTest
{
    /// <summary>Two-sided exact p-value; 1 when no pair changed.</summary>
    public static double ExactPValue(int improved, int regressed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(improved);
        ArgumentOutOfRangeException.ThrowIfNegative(regressed);
        int n = improved + regressed, k = Math.Min(improved, regressed);
        if (n == 0) return 1;
        // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so n in the millions neither under- nor overflows.
        double logTerm = -n * Math.Log(2); // log C(n, 0) / 2^n
        double logSum = logTerm;
        for (int i = 0; i < k; i++)
        {
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
            logSum = LogAdd(logSum, logTerm);
        }
        return Math.Min(1, 2 * Math.Exp(logSum));
    }

    private static double LogAdd(double a, double b)
    {
        var (hi, lo) = a >= b ? (a, b) : (b, a);
        return hi + Math.Log(1 + Math.Exp(lo - hi));
    }
}
