namespace RewardEngine.Verifiers.Constraints;

/// <summary>Instruction ids: IFEval's 25, and the engine's own kinds (prefix <c>rwd:</c>).</summary>
public static class InstructionIds
{
    public const string KeywordsExistence = "keywords:existence";
    public const string KeywordsFrequency = "keywords:frequency";
    public const string ForbiddenWords = "keywords:forbidden_words";
    public const string LetterFrequency = "keywords:letter_frequency";
    public const string ResponseLanguage = "language:response_language";
    public const string NumberSentences = "length_constraints:number_sentences";
    public const string NumberParagraphs = "length_constraints:number_paragraphs";
    public const string NumberWords = "length_constraints:number_words";
    public const string NthParagraphFirstWord = "length_constraints:nth_paragraph_first_word";
    public const string NumberPlaceholders = "detectable_content:number_placeholders";
    public const string Postscript = "detectable_content:postscript";
    public const string NumberBulletLists = "detectable_format:number_bullet_lists";
    public const string NumberHighlightedSections = "detectable_format:number_highlighted_sections";
    public const string MultipleSections = "detectable_format:multiple_sections";
    public const string ConstrainedResponse = "detectable_format:constrained_response";
    public const string JsonFormat = "detectable_format:json_format";
    public const string Title = "detectable_format:title";
    public const string RepeatPrompt = "combination:repeat_prompt";
    public const string TwoResponses = "combination:two_responses";
    public const string EndChecker = "startend:end_checker";
    public const string Quotation = "startend:quotation";
    public const string CapitalWordFrequency = "change_case:capital_word_frequency";
    public const string EnglishCapital = "change_case:english_capital";
    public const string EnglishLowercase = "change_case:english_lowercase";
    public const string NoComma = "punctuation:no_comma";

    // The engine's own kinds, for constraints IFEval has no id for.
    /// <summary>Sentence count with any relation (exactly, at most, ...): <c>num_sentences</c>, <c>relation</c>.</summary>
    public const string SentenceCount = "rwd:sentence_count";
    /// <summary>Word count with any relation: <c>num_words</c>, <c>relation</c>.</summary>
    public const string WordCount = "rwd:word_count";
    /// <summary>Non-empty lines: <c>num_lines</c>, <c>relation</c>.</summary>
    public const string LineCount = "rwd:line_count";
    /// <summary>Response starts with a phrase (case-insensitive, after leading quotes/space): <c>starter</c>.</summary>
    public const string StartPhrase = "rwd:start_phrase";
    /// <summary>Response's first letter: <c>letter</c>.</summary>
    public const string StartLetter = "rwd:start_letter";
    /// <summary>A markdown table (header, separator, rows).</summary>
    public const string MarkdownTable = "rwd:markdown_table";
    /// <summary>A fenced code block; <c>code_language</c> optional.</summary>
    public const string CodeBlock = "rwd:code_block";
    /// <summary>Numbered list items (<c>1.</c> or <c>1)</c>): <c>num_items</c>, <c>relation</c>.</summary>
    public const string NumberedList = "rwd:numbered_list";
    /// <summary>Bullet points with any relation: <c>num_bullets</c>, <c>relation</c>.</summary>
    public const string BulletCount = "rwd:bullet_count";
    /// <summary>Markdown headings (<c># Title</c>): <c>num_sections</c>, <c>relation</c>.</summary>
    public const string TitledSections = "rwd:titled_sections";
    /// <summary>Every list item has at most <c>max_words</c> words.</summary>
    public const string WordsPerItem = "rwd:words_per_item";
    /// <summary>Each of <c>keywords</c> appears written in all capitals.</summary>
    public const string WordsInAllCaps = "rwd:words_in_all_caps";
    /// <summary>The response ends with <c>punctuation</c> (e.g. "?").</summary>
    public const string EndingPunctuation = "rwd:ending_punctuation";

    /// <summary>Paragraphs (blank-line blocks holding prose): <c>num_paragraphs</c>, <c>relation</c>.</summary>
    public const string ParagraphCount = "rwd:paragraph_count";
    /// <summary>Every <c>unit</c> (paragraph, section, bullet, item) has <c>num_sentences</c> sentences by <c>relation</c>.</summary>
    public const string SentencesPerUnit = "rwd:sentences_per_unit";
    /// <summary>Every <c>unit</c> opens with <c>keywords[0]</c>, or unit i with <c>keywords[i]</c> when several are named ("respectively").</summary>
    public const string UnitOpening = "rwd:unit_opening";
    /// <summary>Sections headed by a numbered label (<c>section_spliter</c> with <c>{n}</c>, e.g. "Part {n}:"), numbered 1..<c>num_sections</c>.</summary>
    public const string LabelledSections = "rwd:labelled_sections";
    /// <summary>Every <c>unit</c> (item, bullet, heading, sentence, line, paragraph) has <c>num_words</c> words by <c>relation</c>.</summary>
    public const string WordsPerUnit = "rwd:words_per_unit";
    /// <summary>The first line is a title in <c>wrapper</c>: <c>**</c> (bold), <c>[[</c> (double square brackets) or <c>#</c> (H1).</summary>
    public const string TitleFormat = "rwd:title_format";
    /// <summary>List items numbered with a custom <c>marker</c> ("[Step {n}]", "{n}:"), from 1 in order.</summary>
    public const string ItemMarker = "rwd:item_marker";
    /// <summary>The last line is wrapped in <c>wrapper</c> (<c>{}</c>, <c>()</c>, <c>[]</c>).</summary>
    public const string EndWrapper = "rwd:end_wrapper";
    /// <summary>Non-empty lines inside fenced code: <c>num_lines</c>, <c>relation</c>.</summary>
    public const string CodeLines = "rwd:code_lines";
    /// <summary>Every <c>unit</c> contains each of <c>keywords</c> (whole words).</summary>
    public const string KeywordsPerUnit = "rwd:keywords_per_unit";
    /// <summary>No two sentences start with the same letter.</summary>
    public const string DistinctSentenceInitials = "rwd:distinct_sentence_initials";
    /// <summary>List items (bullets and numbered items of any marker): <c>num_items</c>, <c>relation</c>.</summary>
    public const string ListItems = "rwd:list_items";
    /// <summary>Characters of the trimmed response: <c>num_chars</c>, <c>relation</c>.</summary>
    public const string CharCount = "rwd:char_count";

    public static readonly IReadOnlyList<string> IfEval =
    [
        KeywordsExistence, KeywordsFrequency, ForbiddenWords, LetterFrequency, ResponseLanguage, NumberSentences,
        NumberParagraphs, NumberWords, NthParagraphFirstWord, NumberPlaceholders, Postscript, NumberBulletLists,
        NumberHighlightedSections, MultipleSections, ConstrainedResponse, JsonFormat, Title, RepeatPrompt,
        TwoResponses, EndChecker, Quotation, CapitalWordFrequency, EnglishCapital, EnglishLowercase, NoComma,
    ];

    public static readonly IReadOnlyList<string> Own =
    [
        SentenceCount, WordCount, LineCount, StartPhrase, StartLetter, MarkdownTable, CodeBlock, NumberedList,
        BulletCount, TitledSections, WordsPerItem, WordsInAllCaps, EndingPunctuation, ParagraphCount, SentencesPerUnit,
        UnitOpening, LabelledSections, WordsPerUnit, TitleFormat, ItemMarker, EndWrapper, CodeLines, KeywordsPerUnit,
        DistinctSentenceInitials, ListItems, CharCount,
    ];
}
