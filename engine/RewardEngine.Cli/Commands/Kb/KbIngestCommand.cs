using System.CommandLine;
using RewardEngine.Diagnostics;
using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Ingest;

namespace RewardEngine.Cli.Commands.Kb;

/// <summary><c>reward kb ingest</c>: adds passages from JSONL, text folders or wiki dumps to a knowledge base.</summary>
internal sealed class KbIngestCommand : CliCommand
{
    private readonly Option<string> _db = CliOptions.Text("--db", "knowledge base (SQLite); created when missing", "FILE", required: true);
    private readonly Option<string> _input = CliOptions.Text("--input", "a .jsonl file of {id, title, text}; a .txt/.md file or folder; a .xml or .xml.bz2 wiki dump", "PATH", required: true);
    private readonly Option<string> _format = CliOptions.Text("--format", "jsonl, text or wikixml (default: from the input's name)", "jsonl|text|wikixml");
    private readonly Option<string> _onError = CliOptions.Choice("--on-error", "skip: report a bad record and go on; stop: report it and end the run", "skip", "skip", "stop");
    private readonly Option<string> _merge = CliOptions.Choice("--merge", "merge the index into one segment at the end (auto: when the run added 20,000 passages or more)", "auto", "auto", "always", "never");

    public override string Name => "kb ingest";
    public override string Summary => "add passages (JSONL, .txt/.md folders, MediaWiki XML dumps) to a knowledge base";
    public override string? Details => "Ingest is idempotent: passages already stored (same title and text) are counted as duplicates.";
    public override IEnumerable<Symbol> Symbols => [_db, _input, _format, _onError, _merge];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = parse.GetValue(_db)!;
        var input = parse.GetValue(_input)!;
        var format = parse.GetValue(_format) ?? GuessFormat(input);
        if (format is not ("jsonl" or "text" or "wikixml")) throw new UsageException($"--format: expected jsonl, text or wikixml, got '{format}'");
        var onError = parse.GetValue(_onError) == "stop" ? OnBadRecord.Stop : OnBadRecord.Skip;
        var merge = parse.GetValue(_merge) switch { "always" => IndexMerge.Always, "never" => IndexMerge.Never, _ => IndexMerge.Auto };

        IPassageSource source = format switch
        {
            "jsonl" => new JsonlPassageSource(input),
            "wikixml" => new WikiXmlPassageSource(input),
            _ => new TextPassageSource(input),
        };
        var view = new IngestProgressView();
        var options = new IngestOptions
        {
            OnBadRecord = onError,
            Merge = merge,
            OnProblem = p => { view.Finish(); Console.Error.WriteLine($"warning: {p}"); },
        };
        using var kb = KnowledgeBase.OpenOrCreate(db);
        IngestSummary s;
        try { s = await kb.IngestAsync(source, options, view, cancellationToken); }
        finally { view.Finish(); }
        Console.WriteLine($"{db}: {s.Added:N0} added, {s.Duplicates:N0} duplicates, {s.Skipped:N0} skipped" +
                          (s.Ignored > 0 ? $", {s.Ignored:N0} pages ignored (redirects, non-articles, empty)" : "") +
                          $"; {s.TotalPassages:N0} passages in total ({s.Elapsed.TotalSeconds:F1} s" +
                          (s.MergeElapsed > TimeSpan.Zero ? $" with {s.MergeElapsed.TotalSeconds:F1} s of index merge" : "") + $", {s.PassagesPerSecond:N0} passages/s)");
        if (s.InvalidUtf8Replaced > 0)
            Console.Error.WriteLine($"warning: {input}: {s.InvalidUtf8Replaced:N0} invalid UTF-8 byte sequence(s) stored as U+FFFD (first at {s.FirstInvalidUtf8At ?? "?"})");
        if (s.Added + s.Duplicates + s.Skipped == 0) Console.Error.WriteLine($"warning: {input}: no passages found");
        return 0;
    }

    private static string GuessFormat(string input)
    {
        if (Directory.Exists(input)) return "text";
        var lower = input.ToLowerInvariant();
        if (lower.EndsWith(".jsonl") || lower.EndsWith(".json") || lower.EndsWith(".ndjson")) return "jsonl";
        if (lower.EndsWith(".xml") || lower.EndsWith(".xml.bz2") || lower.EndsWith(".bz2")) return "wikixml";
        if (lower.EndsWith(".txt") || lower.EndsWith(".md") || lower.EndsWith(".markdown")) return "text";
        throw new UsageException($"--format: cannot tell the format of '{input}' from its name; give jsonl, text or wikixml");
    }
}
