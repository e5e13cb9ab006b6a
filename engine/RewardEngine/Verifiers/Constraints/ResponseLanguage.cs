using Lingua;
using RewardEngine.Verifiers.Constraints.LanguageId;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Language identification for <c>language:response_language</c> and the English-case checks, through Lingua.
/// The detector is built once, on first use, because loading its models is heavy. Lingua has no model for
/// Kannada, Malayalam or Nepali (all in IFEval's list): Kannada and Malayalam are told by their scripts, and
/// Devanagari text Lingua calls Hindi or Marathi is accepted for Nepali.
/// </summary>
public static class ResponseLanguage
{
    // IFEval's languages that Lingua models, plus common European ones. Low-accuracy mode (trigram models only)
    // loads in under a second here against about 8 s for the full models; responses are long enough for it.
    private static readonly Language[] Candidates =
    [
        Language.English, Language.Spanish, Language.Portuguese, Language.Arabic, Language.Hindi, Language.French,
        Language.Russian, Language.German, Language.Japanese, Language.Italian, Language.Bengali, Language.Ukrainian,
        Language.Thai, Language.Urdu, Language.Tamil, Language.Telugu, Language.Bulgarian, Language.Korean,
        Language.Polish, Language.Hebrew, Language.Persian, Language.Vietnamese, Language.Swahili, Language.Marathi,
        Language.Gujarati, Language.Punjabi, Language.Finnish, Language.Chinese, Language.Dutch, Language.Swedish,
        Language.Turkish, Language.Greek, Language.Czech, Language.Danish, Language.Indonesian, Language.Romanian,
    ];

    private static readonly Lazy<LanguageDetector> Detector = new(() =>
    {
        LanguageModelFiles.EnsurePresent("en");
        return LanguageDetectorBuilder.FromLanguages(Candidates).WithLowAccuracyMode().Build();
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    // The same detection, over the same model files, for Latin-script text (most answers) in well under a
    // millisecond: Lingua's own takes milliseconds a text. Other scripts still go to Lingua.
    private static readonly Lazy<TrigramLanguageDetector> Trigrams = new(
        () => new TrigramLanguageDetector(Candidates, LanguageModelFiles.Folder), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Starts reading the language models on another thread, for a caller that knows detection is coming (a check
    /// file that asks for a response language): the read then overlaps the caller's own work.
    /// </summary>
    internal static void PrepareInBackground() => _ = Task.Run(Prepare);

    /// <summary>Reads the language models now, on the calling thread.</summary>
    internal static void Prepare() => Trigrams.Value.LoadModels();

    /// <summary>Lingua's own detection of <paramref name="text"/> (for comparison with the fast path).</summary>
    internal static Language DetectWithLingua(string text) => Detector.Value.DetectLanguageOf(text);

    /// <summary>The fast path's detection, or null when it leaves the text to Lingua.</summary>
    internal static Language? DetectWithTrigrams(string text) => Trigrams.Value.TryDetect(text, out var l) ? l : null;

    /// <summary>
    /// ISO 639-1 code of the text's language, or null when it cannot be told (no letters; IFEval counts such a
    /// failure to detect as followed).
    /// </summary>
    public static string? Detect(string text)
    {
        var byScript = DetectByScript(text);
        if (byScript is not null) return byScript;
        // Lingua takes milliseconds on a long answer: a text seen before (the same answer under another
        // instruction, or its loose variants again) is answered from memory. Bounded, so a service does not grow.
        if (Detected.TryGetValue(text, out var known)) return known;
        var lang = DetectWithTrigrams(text) ?? DetectWithLingua(text);
        var code = lang == Language.Unknown ? null : lang.IsoCode6391().ToString().ToLowerInvariant();
        if (Detected.Count >= MemoryLimit) Detected.Clear();
        Detected.TryAdd(text, code);
        return code;
    }

    private const int MemoryLimit = 8192;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Detected = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="text"/> is in <paramref name="code"/> (null detection counts as yes).</summary>
    public static bool Is(string text, string code) => Is(text, code, Detect(text));

    /// <summary>As <see cref="Is(string, string)"/>, with the text's detection already made.</summary>
    internal static bool Is(string text, string code, string? detected)
    {
        if (detected is null) return true;
        if (detected == code) return true;
        // Nepali has no Lingua model; Devanagari text that is not clearly another language passes for "ne".
        return code == "ne" && detected is "hi" or "mr" && DominantScript(text) == Script.Devanagari;
    }

    private enum Script { Other, Kannada, Malayalam, Devanagari }

    private static string? DetectByScript(string text) => DominantScript(text) switch
    {
        Script.Kannada => "kn",
        Script.Malayalam => "ml",
        _ => null,
    };

    private static Script DominantScript(string text)
    {
        int kn = 0, ml = 0, dev = 0, letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c) && char.GetUnicodeCategory(c) is not (System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)) continue;
            letters++;
            if (c is >= '\u0C80' and <= '\u0CFF') kn++;
            else if (c is >= '\u0D00' and <= '\u0D7F') ml++;
            else if (c is >= '\u0900' and <= '\u097F') dev++;
        }
        if (letters == 0) return Script.Other;
        if (kn * 2 > letters) return Script.Kannada;
        if (ml * 2 > letters) return Script.Malayalam;
        if (dev * 2 > letters) return Script.Devanagari;
        return Script.Other;
    }
}
