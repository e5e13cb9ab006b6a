namespace RewardEngine.Storage;

/// <summary>
/// The user's cache folder for this engine: <c>$XDG_CACHE_HOME/rewardengine</c> (when that is an absolute path), else
/// <c>~/.cache/rewardengine</c>. Fetched data sets and derived tables live in folders under it.
/// </summary>
internal static class CacheFolder
{
    public static string Root
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x && Path.IsPathRooted(x)
                ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "rewardengine");
        }
    }
}
