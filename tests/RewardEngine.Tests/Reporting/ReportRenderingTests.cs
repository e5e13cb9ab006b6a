using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using RewardEngine.Reporting;

namespace RewardEngine.Tests.Reporting;

/// <summary>A fact that needs headless Chromium; skipped, with the reason shown, where none is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
            Skip = "no chromium or chromium-headless-shell on PATH (apt-get install -y chromium): the report is not rendered";
    }
}

internal static class Chromium
{
    public static string? Path { get; } = new[] { "chromium", "chromium-headless-shell", "chromium-browser" }
        .SelectMany(n => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, n)))
        .FirstOrDefault(File.Exists);

    /// <summary>Renders a page to a PNG of the given window size.</summary>
    public static void Screenshot(string html, string png, int width, int height)
    {
        var psi = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                     $"--user-data-dir={System.IO.Path.GetDirectoryName(png)}/profile", $"--screenshot={png}", $"--window-size={width},{height}", "file://" + html])
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException("chromium did not finish in 120 s"); }
        if (!File.Exists(png)) throw new InvalidOperationException($"chromium wrote no screenshot (exit {p.ExitCode}): {err.Result}");
    }
}

[Collection(RealRunsCollection.Name)]
public sealed class ReportRenderingTests(RealRunsFixture runs)
{
    [ChromiumFact]
    public void The_report_renders_in_headless_chromium_to_a_non_blank_page_of_the_window_size()
    {
        var dir = TestPaths.NewTempDirectory("rwd-render");
        var html = Path.Combine(dir, "report.html");
        HtmlReport.Write(runs.B, runs.A, html);
        var png = Path.Combine(dir, "report.png");
        Chromium.Screenshot(html, png, 1280, 2400);

        var (width, height, rows) = Png.Decode(File.ReadAllBytes(png));
        Assert.Equal((1280, 2400), (width, height));
        // Non-blank: many distinct colours, and ink (dark text and the run's blue bars) well spread down the page.
        var colours = new HashSet<int>();
        int inkRows = 0, blueBarPixels = 0;
        for (int y = 0; y < height; y++)
        {
            bool ink = false;
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = rows[y][x];
                colours.Add((r << 16) | (g << 8) | b);
                if (r + g + b < 200) ink = true;
                if (Math.Abs(r - 0x2f) < 12 && Math.Abs(g - 0x6d) < 12 && Math.Abs(b - 0xb5) < 12) blueBarPixels++;
            }
            if (ink) inkRows++;
        }
        Assert.True(colours.Count > 50, $"only {colours.Count} colours: a blank page?");
        Assert.True(inkRows > height / 10, $"text on only {inkRows} of {height} rows");
        Assert.True(blueBarPixels > 500, $"{blueBarPixels} pixels of the plots' blue: the SVG plots did not draw");
    }
}

/// <summary>A minimal PNG reader (8-bit RGB/RGBA, non-interlaced, as Chromium writes) for checking screenshots.</summary>
internal static class Png
{
    public static (int Width, int Height, (byte R, byte G, byte B)[][] Rows) Decode(byte[] file)
    {
        if (file.Length < 8 || file[1] != 'P' || file[2] != 'N' || file[3] != 'G') throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int pos = 8; pos < file.Length;)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, len);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0) throw new InvalidDataException("only 8-bit non-interlaced PNGs");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {data[9]}") };
            }
            else if (type == "IDAT") idat.Write(data);
            pos += 12 + len;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        int stride = width * channels;
        var prev = new byte[stride];
        var cur = new byte[stride];
        var rows = new (byte, byte, byte)[height][];
        for (int y = 0; y < height; y++)
        {
            int filter = z.ReadByte();
            z.ReadExactly(cur);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
                cur[i] = (byte)(cur[i] + filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }
            rows[y] = new (byte, byte, byte)[width];
            for (int x = 0; x < width; x++) rows[y][x] = (cur[x * channels], cur[x * channels + 1], cur[x * channels + 2]);
            (prev, cur) = (cur, prev);
        }
        return (width, height, rows);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
