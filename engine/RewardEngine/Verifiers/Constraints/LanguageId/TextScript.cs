namespace RewardEngine.Verifiers.Constraints.LanguageId;

/// <summary>
/// The Unicode script facts the trigram detector needs, for the ranges where they are simple: a char is Latin or
/// Greek script (Greek letters turn up in English maths), in no script that Lingua tells languages by (Common and
/// Inherited: ASCII symbols, Latin-1 signs, combining accents, general punctuation, arrows, math and box-drawing
/// symbols, emoji halves), or outside these ranges, where the detector defers to Lingua.
/// </summary>
internal static class TextScript
{
    public enum Kind : byte { Outside, Latin, Greek, Neutral }

    public static Kind Of(char c) => c switch
    {
        <= '\u007F' => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') ? Kind.Latin : Kind.Neutral,
        '\u00AA' or '\u00BA' => Kind.Latin,
        <= '\u00BF' => Kind.Neutral,                      // Latin-1 signs (the micro sign is Common)
        '\u00D7' or '\u00F7' => Kind.Neutral,             // multiplication and division signs
        <= '\u024F' => Kind.Latin,                        // Latin-1 letters, Latin Extended-A and -B
        >= '\u0300' and <= '\u036F' => Kind.Neutral,      // combining diacritical marks (Inherited)
        '\u0374' or '\u037E' or '\u0385' or '\u0387' => Kind.Neutral, // Common signs in the Greek block
        '\u0378' or '\u0379' or (>= '\u0380' and <= '\u0383') or '\u038B' or '\u038D' or '\u03A2' => Kind.Outside, // unassigned
        >= '\u03E2' and <= '\u03EF' => Kind.Outside,      // Coptic letters
        >= '\u0370' and <= '\u03FF' => Kind.Greek,
        >= '\u1E00' and <= '\u1EFF' => Kind.Latin,        // Latin Extended Additional
        >= '\u2000' and <= '\u206F' => Kind.Neutral,      // general punctuation, joiners
        >= '\u20A0' and <= '\u20CF' => Kind.Neutral,      // currency signs
        >= '\u2190' and <= '\u2BFF' => Kind.Neutral,      // arrows, math, technical, boxes, shapes, dingbats, braille
        >= '\uD800' and <= '\uDFFF' => Kind.Neutral,      // surrogate halves (emoji and other astral chars)
        >= '\uFE00' and <= '\uFE0F' => Kind.Neutral,      // variation selectors (Inherited)
        '\uFEFF' => Kind.Neutral,
        _ => Kind.Outside,
    };

    /// <summary>
    /// Lingua's languages written in the Latin alphabet (those its rules keep when the words are Latin).
    /// </summary>
    public static readonly IReadOnlySet<Lingua.Language> LatinLanguages = new HashSet<Lingua.Language>
    {
        Lingua.Language.Afrikaans, Lingua.Language.Albanian, Lingua.Language.Azerbaijani, Lingua.Language.Basque,
        Lingua.Language.Bokmal, Lingua.Language.Bosnian, Lingua.Language.Catalan, Lingua.Language.Croatian,
        Lingua.Language.Czech, Lingua.Language.Danish, Lingua.Language.Dutch, Lingua.Language.English,
        Lingua.Language.Esperanto, Lingua.Language.Estonian, Lingua.Language.Finnish, Lingua.Language.French,
        Lingua.Language.Ganda, Lingua.Language.German, Lingua.Language.Hungarian, Lingua.Language.Icelandic,
        Lingua.Language.Indonesian, Lingua.Language.Irish, Lingua.Language.Italian, Lingua.Language.Latin,
        Lingua.Language.Latvian, Lingua.Language.Lithuanian, Lingua.Language.Malay, Lingua.Language.Maori,
        Lingua.Language.Nynorsk, Lingua.Language.Oromo, Lingua.Language.Polish, Lingua.Language.Portuguese,
        Lingua.Language.Romanian, Lingua.Language.Shona, Lingua.Language.Slovak, Lingua.Language.Slovene,
        Lingua.Language.Somali, Lingua.Language.Sotho, Lingua.Language.Spanish, Lingua.Language.Swahili,
        Lingua.Language.Swedish, Lingua.Language.Tagalog, Lingua.Language.Tsonga, Lingua.Language.Tswana,
        Lingua.Language.Turkish, Lingua.Language.Vietnamese, Lingua.Language.Welsh, Lingua.Language.Xhosa,
        Lingua.Language.Yoruba, Lingua.Language.Zulu,
    };
}
