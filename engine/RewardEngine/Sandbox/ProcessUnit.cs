using RewardEngine.Configuration;

namespace RewardEngine.Sandbox;

/// <summary>
/// What one harness process serves, from the sandbox options: every check on its own (<c>sandbox.forkPerChecker</c>),
/// one checker over all the answers (the default before plain checkers could share), or one instruction's plain
/// checkers together (<c>sandbox.sharePlainCheckers</c>; a checker that is not plain still gets its own process).
/// </summary>
/// <param name="Protocol">The harness's "isolate" value.</param>
/// <param name="Description">The phrase reports use.</param>
internal sealed record ProcessUnit(string Protocol, string Description)
{
    public static readonly ProcessUnit Check = new("check", "a process per check");
    public static readonly ProcessUnit Checker = new("checker", "a process per checker");
    public static readonly ProcessUnit Instruction = new("instruction", "plain checkers share a process per instruction");

    public static ProcessUnit Of(SandboxOptions options) =>
        options.ForkPerChecker ? Check : options.SharePlainCheckers ? Instruction : Checker;
}
