using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Runtime.CompilerServices;
using Lingua;

namespace RewardEngine.Verifiers.Constraints.LanguageId;

/// <summary>
/// Reads one language's unigram, bigram and trigram models from the files that the Lingua package ships
/// (<c>{folder}/{iso}/{unigrams,bigrams,trigrams}.json.br</c>, Brotli-compressed JSON of the form
/// <c>{"language":"EN","ngrams":{"numerator/denominator":"ngram ngram ...", ...}}</c>). Each n-gram comes back as
/// a 64-bit key (<see cref="Key"/>) with <c>Math.Log</c> of its fraction, the number Lingua adds up, so sums over
/// them are the same doubles as Lingua's. A missing file is an empty model, as in Lingua.
/// </summary>
internal static class NgramModelFile
{
    /// <summary>The key of an n-gram of 1 to 3 UTF-16 chars: the chars and the length, packed.</summary>
    public static ulong Key(ReadOnlySpan<char> chars)
    {
        ulong key = (ulong)chars.Length << 48;
        for (int i = 0; i < chars.Length; i++) key |= (ulong)chars[i] << (16 * i);
        return key;
    }

    /// <summary>The files of a language's model that low-accuracy detection reads, in the order they are read.</summary>
    public static IReadOnlyList<string> Names { get; } = ["unigrams", "bigrams", "trigrams"];

    public static (ulong[] Keys, double[] LogProbabilities) Read(string folder, Lingua.Language language)
    {
        var iso = language.IsoCode6391().ToString().ToLowerInvariant();
        var keys = new List<ulong>();
        var values = new List<double>();
        foreach (var name in Names)
        {
            var file = Path.Combine(folder, iso, name + ".json.br");
            if (File.Exists(file)) Parse(Decompress(File.ReadAllBytes(file)), keys, values);
        }
        return ([.. keys], [.. values]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once per file, over ~10^4 n-grams
    private static void Parse(byte[] json, List<ulong> keys, List<double> values)
    {
        var reader = new Utf8JsonReader(json);
        Span<char> fraction = stackalloc char[64];
        char[] ngrams = new char[4096];
        int depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: depth++; break;
                case JsonTokenType.EndObject: depth--; break;
                case JsonTokenType.PropertyName when depth == 2:
                {
                    int n = reader.CopyString(fraction);
                    var slash = fraction[..n].IndexOf('/');
                    var probability = double.Parse(fraction[..slash], CultureInfo.InvariantCulture)
                        / int.Parse(fraction[(slash + 1)..n], CultureInfo.InvariantCulture);
                    var logProbability = Math.Log(probability);
                    reader.Read();
                    int length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                    if (ngrams.Length < length) ngrams = new char[length];
                    var list = ngrams.AsSpan(0, reader.CopyString(ngrams));
                    foreach (var range in list.Split(' '))
                    {
                        keys.Add(Key(list[range]));
                        values.Add(logProbability);
                    }
                    break;
                }
            }
        }
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var output = new MemoryStream(compressed.Length * 8);
        using (var brotli = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)) brotli.CopyTo(output);
        return output.ToArray();
    }
}
