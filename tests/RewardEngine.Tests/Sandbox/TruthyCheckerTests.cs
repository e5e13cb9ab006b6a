using RewardEngine.Verifiers.Constraints.Generated;
using Xunit;

namespace RewardEngine.Tests.Sandbox;

/// <summary>constraints.checkerResults "truthy" (the original's reading) in the real sandbox.</summary>
public sealed class TruthyCheckerTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string ReturnsMatch = "import re\ndef check_following(response):\n    return re.search(r'test', response)\n";
    private const string ReturnsEmpty = "def check_following(response):\n    return [w for w in response.split() if w == 'absent']\n";
    private const string Raises = "def check_following(response):\n    return len(words) > 0\n";

    [Fact]
    public async Task A_truthy_return_passes_only_when_wrapped_and_errors_stay_errors()
    {
        var runner = fixture.Runner;
        var strict = await runner.RunOneAsync(ReturnsMatch, SandboxFixture.TestResponse, CancellationToken.None);
        Assert.Null(strict.Passed);
        Assert.Contains("expected bool", strict.Error);

        Assert.True((await runner.RunOneAsync(TruthyChecker.Wrap(ReturnsMatch), SandboxFixture.TestResponse, CancellationToken.None)).Passed);
        Assert.False((await runner.RunOneAsync(TruthyChecker.Wrap(ReturnsEmpty), SandboxFixture.TestResponse, CancellationToken.None)).Passed);
        // An exception is still no verdict: the test run repairs it, and a scored error counts as failed.
        var error = await runner.RunOneAsync(TruthyChecker.Wrap(Raises), SandboxFixture.TestResponse, CancellationToken.None);
        Assert.Null(error.Passed);
        Assert.Contains("NameError", error.Error);
        // Code without check_following keeps its own message.
        var none = await runner.RunOneAsync(TruthyChecker.Wrap("x = 1\n"), SandboxFixture.TestResponse, CancellationToken.None);
        Assert.Contains("defines no function check_following", none.Error);
    }
}
