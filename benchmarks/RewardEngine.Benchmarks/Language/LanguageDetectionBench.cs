using System.Diagnostics;
using System.Text.Json;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Benchmarks.Language;

/// <summary>
/// <c>language --input F.jsonl [--field response]</c>: the trigram fast path against Lingua on every distinct text
/// of the file's field and on its eight loose variants: how many texts the fast path answers, whether each answer is
/// Lingua's, and the time per text of each (after both have loaded their models on a first text).
/// </summary>
internal static class LanguageDetectionBench
{
    public static int Run(string[] args)
    {
        string? input = null, field = "response";
        for (int i = 0; i + 1 < args.Length; i += 2)
            if (args[i] == "--input") input = args[i + 1];
            else if (args[i] == "--field") field = args[i + 1];
        if (input is null) { Console.Error.WriteLine("usage: language --input F.jsonl [--field response]"); return 2; }

        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(input))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            if (!doc.RootElement.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String) continue;
            foreach (var v in ConstraintCheckers.LooseVariants(value.GetString()!)) if (v.Trim().Length > 0) texts.Add(v);
        }
        var list = texts.ToList();
        Console.WriteLine($"{list.Count} distinct texts (with loose variants)");

        var load = Cpu();
        ResponseLanguage.DetectWithTrigrams("the first text loads the models");
        var fastLoad = Cpu() - load;
        load = Cpu();
        ResponseLanguage.DetectWithLingua("the first text loads the models");
        var linguaLoad = Cpu() - load;

        // CPU time, not wall time: the machine is shared, and both loops run on this one thread.
        var fast = new Lingua.Language?[list.Count];
        var cpu = Cpu();
        for (int i = 0; i < list.Count; i++) fast[i] = ResponseLanguage.DetectWithTrigrams(list[i]);
        var fastMs = Cpu() - cpu;
        int answered = fast.Count(f => f is not null), mismatches = 0;
        cpu = Cpu();
        for (int i = 0; i < list.Count; i++)
        {
            var lingua = ResponseLanguage.DetectWithLingua(list[i]);
            if (fast[i] is { } f && f != lingua)
            {
                mismatches++;
                if (mismatches <= 10) Console.WriteLine($"MISMATCH fast {f} lingua {lingua}: {list[i][..Math.Min(120, list[i].Length)].ReplaceLineEndings(" ")}");
            }
        }
        var linguaMs = Cpu() - cpu;
        foreach (var text in list.Where((_, i) => fast[i] is null).Take(5))
            Console.WriteLine($"left to Lingua: {text[..Math.Min(100, text.Length)].ReplaceLineEndings(" ")}");
        Console.WriteLine($"first text (model load): fast path {fastLoad:0} ms CPU, Lingua {linguaLoad:0} ms CPU");
        Console.WriteLine($"fast path answered {answered} of {list.Count}; {mismatches} differ from Lingua");
        Console.WriteLine($"per text, CPU: fast path {fastMs / list.Count:0.000} ms (all texts, deferrals to Lingua included), Lingua {linguaMs / list.Count:0.000} ms");
        return mismatches == 0 ? 0 : 1;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
}
