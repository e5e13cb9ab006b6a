using System.CommandLine;

namespace RewardEngine.Cli.Commands.Data;

/// <summary>The options the <c>reward data</c> commands share.</summary>
internal static class DataOptions
{
    public const string DataDirectoryNote =
        "The data directory: --to DIR, else $REWARD_DATA_DIR, else $XDG_CACHE_HOME/rewardengine/data, else ~/.cache/rewardengine/data; "
        + "jobs read NAME and NAME:SUBSET from $REWARD_DATA_DIR or the cache.";

    public static Option<string> Catalog() =>
        CliOptions.Text("--catalog", "a catalog of your own (same shape as data/catalog.json); default: the built-in one", "FILE");

    public static Option<string> To() =>
        CliOptions.Text("--to", "the data directory to fill (default: $REWARD_DATA_DIR, else the XDG cache); jobs read it with REWARD_DATA_DIR=DIR", "DIR");
}
