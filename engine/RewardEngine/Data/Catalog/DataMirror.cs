using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog;

/// <summary>
/// Where to take source files from instead of their published URLs: a folder or a base URL laid out as
/// <c>SET/FILE</c> (what <c>reward data export</c> writes), for air-gapped machines and CI.
/// </summary>
public sealed record DataMirror
{
    private DataMirror(string? directory, Uri? baseUrl) { Directory = directory; BaseUrl = baseUrl; }

    /// <summary>A local folder, or null for a URL mirror.</summary>
    public string? Directory { get; }

    /// <summary>A base URL ending in '/', or null for a folder mirror.</summary>
    public Uri? BaseUrl { get; }

    /// <summary>An http(s) URL, a file:// URL or a folder path.</summary>
    public static DataMirror Parse(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return new DataMirror(null, new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/"));
        var dir = uri is { IsFile: true } ? uri.LocalPath : value;
        if (!System.IO.Directory.Exists(dir)) throw new UsageException($"--mirror {value}: no such folder (a mirror is a folder or an http(s) URL laid out as SET/FILE)");
        return new DataMirror(Path.GetFullPath(dir), null);
    }

    public string PathOf(string set, string file) => Path.Combine(Directory!, set, file);

    public Uri UrlOf(string set, string file) => new(BaseUrl!, Uri.EscapeDataString(set) + "/" + Uri.EscapeDataString(file));

    public override string ToString() => Directory ?? BaseUrl!.AbsoluteUri;
}
