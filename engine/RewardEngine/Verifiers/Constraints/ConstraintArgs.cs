using System.Text.Json.Serialization;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// The arguments of one constraint, named as IFEval names its kwargs (snake_case in JSON) so parsed constraints
/// can be compared with IFEval's gold annotations field by field. Unused arguments stay null and are not written.
/// The engine's own kinds (ids starting <c>rwd:</c>) reuse these names where the meaning is the same.
/// </summary>
public sealed record ConstraintArgs
{
    [JsonPropertyName("keywords")] public IReadOnlyList<string>? Keywords { get; init; }
    [JsonPropertyName("keyword")] public string? Keyword { get; init; }
    [JsonPropertyName("frequency")] public int? Frequency { get; init; }
    [JsonPropertyName("relation")] public string? Relation { get; init; }
    [JsonPropertyName("forbidden_words")] public IReadOnlyList<string>? ForbiddenWords { get; init; }
    [JsonPropertyName("letter")] public string? Letter { get; init; }
    [JsonPropertyName("let_frequency")] public int? LetFrequency { get; init; }
    [JsonPropertyName("let_relation")] public string? LetRelation { get; init; }
    [JsonPropertyName("language")] public string? Language { get; init; }
    [JsonPropertyName("num_sentences")] public int? NumSentences { get; init; }
    [JsonPropertyName("num_paragraphs")] public int? NumParagraphs { get; init; }
    [JsonPropertyName("num_words")] public int? NumWords { get; init; }
    [JsonPropertyName("nth_paragraph")] public int? NthParagraph { get; init; }
    [JsonPropertyName("first_word")] public string? FirstWord { get; init; }
    [JsonPropertyName("num_placeholders")] public int? NumPlaceholders { get; init; }
    [JsonPropertyName("postscript_marker")] public string? PostscriptMarker { get; init; }
    [JsonPropertyName("num_bullets")] public int? NumBullets { get; init; }
    [JsonPropertyName("num_highlights")] public int? NumHighlights { get; init; }
    [JsonPropertyName("section_spliter")] public string? SectionSpliter { get; init; }
    [JsonPropertyName("num_sections")] public int? NumSections { get; init; }
    [JsonPropertyName("prompt_to_repeat")] public string? PromptToRepeat { get; init; }
    [JsonPropertyName("end_phrase")] public string? EndPhrase { get; init; }
    [JsonPropertyName("capital_frequency")] public int? CapitalFrequency { get; init; }
    [JsonPropertyName("capital_relation")] public string? CapitalRelation { get; init; }

    // Arguments of the engine's own kinds.
    [JsonPropertyName("starter")] public string? Starter { get; init; }
    [JsonPropertyName("num_lines")] public int? NumLines { get; init; }
    [JsonPropertyName("num_items")] public int? NumItems { get; init; }
    [JsonPropertyName("max_words")] public int? MaxWords { get; init; }
    [JsonPropertyName("punctuation")] public string? Punctuation { get; init; }
    [JsonPropertyName("code_language")] public string? CodeLanguage { get; init; }
    [JsonPropertyName("unit")] public string? Unit { get; init; }
    [JsonPropertyName("heading_level")] public int? HeadingLevel { get; init; }
    [JsonPropertyName("marker")] public string? Marker { get; init; }
    [JsonPropertyName("wrapper")] public string? Wrapper { get; init; }
    [JsonPropertyName("num_chars")] public int? NumChars { get; init; }

    /// <summary>
    /// <c>"writer"</c> on a constraint the parser read from free text: counted the way its writer counts (keywords
    /// on word boundaries, words by whitespace, the written sentence and paragraph rules) rather than by IFEval's
    /// rule. Absent (IFEval's ids given explicitly): IFEval's reference semantics. See docs/instruction-following.md.
    /// </summary>
    [JsonPropertyName("counting")] public string? Counting { get; init; }

    /// <summary>Whether <see cref="Counting"/> asks for the writer's counting.</summary>
    [JsonIgnore] public bool WriterCounting => Counting == Writer;

    public const string Writer = "writer";

    public static ConstraintArgs None { get; } = new();

    public bool Equals(ConstraintArgs? other) =>
        other is not null && ConstraintJson.Serialize(this) == ConstraintJson.Serialize(other);

    public override int GetHashCode() => ConstraintJson.Serialize(this).GetHashCode(StringComparison.Ordinal);
}
