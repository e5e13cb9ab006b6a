using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>
/// How a line the reward CLI prints becomes an MSBuild event, for every task that runs it: <c>error RWDnnn: ...</c>
/// an error with its code, <c>warning: ...</c> a warning RWD010, anything else a message.
/// </summary>
internal static partial class CliOutputLog
{
    public static void Line(TaskLoggingHelper log, string line)
    {
        var m = ErrorLine().Match(line);
        if (m.Success) { log.LogError(null, m.Groups[1].Value, null, null, 0, 0, 0, 0, m.Groups[2].Value); return; }
        if (line.StartsWith("warning: ", StringComparison.Ordinal))
        {
            log.LogWarning(null, "RWD010", null, null, 0, 0, 0, 0, line["warning: ".Length..]);
            return;
        }
        log.LogMessage(MessageImportance.High, line);
    }

    [GeneratedRegex(@"^error (RWD\d{3}): (.*)$")] private static partial Regex ErrorLine();
}
