namespace RewardEngine.Verifiers.Constraints.Generated;

/// <summary>
/// The original's reading of a checker's return (constraints.checkerResults "truthy"): any truthy value passes.
/// The sandbox accepts only True or False, so the checker is wrapped in <c>bool(...)</c> before it runs; exceptions
/// still reach the sandbox as errors (the test run repairs them, a scored error counts as failed, as in the original).
/// </summary>
internal static class TruthyChecker
{
    private const string Wrapper = """


        if callable(globals().get("check_following")):
            check_following = (lambda _checker: lambda response: bool(_checker(response)))(check_following)
        """;

    /// <summary>The code the sandbox runs for <paramref name="code"/>.</summary>
    public static string Wrap(string code) => code.TrimEnd() + Wrapper + "\n";
}
