using static RewardEngine.Verifiers.Constraints.WriterText;

namespace RewardEngine.Verifiers.Constraints;

// Checkers of the engine's own structural kinds (paragraphs, sections, list items, titles, code), counted by the
// writer's rules in WriterText.
public static partial class ConstraintCheckers
{
    private static string NeedUnit(string? unit, string id) =>
        IsUnit(unit) ? unit! : throw new ConstraintArgumentException(id, "unit", unit is null ? "is required" : $"unknown unit '{unit}'");

    /// <summary>Every unit meets the count; a response without such units fails. Credit: the share of units that meet it.</summary>
    private static CheckResult PerUnit(string r, ConstraintArgs a, string id, int target, string measure, Func<string, int> count)
    {
        var unit = NeedUnit(a.Unit, id);
        var relation = AnyRelation(a.Relation, id);
        var units = Units(r, unit);
        if (units.Count == 0) return CheckResult.Fail($"no {unit}s");
        int bad = 0, firstBad = -1, firstBadCount = 0;
        for (int i = 0; i < units.Count; i++)
        {
            var n = count(units[i]);
            if (Relation.Holds(relation, n, target)) continue;
            if (bad++ == 0) { firstBad = i + 1; firstBadCount = n; }
        }
        if (bad == 0) return CheckResult.Pass($"each of {units.Count} {unit}s has {relation} {target} {measure}");
        return new CheckResult(false, 1.0 - (double)bad / units.Count,
            $"{bad} of {units.Count} {unit}s miss {relation} {target} {measure} ({unit} {firstBad}: {firstBadCount})");
    }

    private static CheckResult CheckHeadings(string r, ConstraintArgs a, string id)
    {
        var relation = AnyRelation(a.Relation ?? Relation.AtLeast, id);
        var target = Need(a.NumSections, id, "num_sections");
        var lines = Lines(r);
        var n = a.HeadingLevel is { } level
            ? lines.Count(l => l.Kind == LineKind.Heading && l.Level == level)
            : lines.Count(l => l.Kind == LineKind.Heading);
        return Count(n, relation, target, a.HeadingLevel is { } lv ? $"level-{lv} headings" : "headings");
    }

    private static CheckResult CheckUnitOpening(string r, ConstraintArgs a, string id)
    {
        var unit = NeedUnit(a.Unit, id);
        var starters = Need(a.Keywords, id, "keywords");
        var units = Units(r, unit);
        if (units.Count < starters.Count || units.Count == 0) return CheckResult.Fail($"{units.Count} {unit}s; needs {Math.Max(1, starters.Count)} opening as asked");
        int bad = 0, firstBad = 0;
        for (int i = 0; i < units.Count; i++)
        {
            var starter = starters.Count == 1 ? starters[0] : i < starters.Count ? starters[i] : null;
            if (starter is null || OpensWith(units[i], starter)) continue;
            if (bad++ == 0) firstBad = i + 1;
        }
        if (bad == 0) return CheckResult.Pass($"each {unit} opens as asked");
        return new CheckResult(false, 1.0 - (double)bad / units.Count, $"{bad} of {units.Count} {unit}s open otherwise ({unit} {firstBad})");
    }

    private static CheckResult CheckLabelledSections(string r, ConstraintArgs a, string id)
    {
        var label = Need(a.SectionSpliter, id, "section_spliter");
        if (!label.Contains("{n}", StringComparison.Ordinal)) throw new ConstraintArgumentException(id, "section_spliter", "must hold {n}");
        var n = CountMarkedLines(r, label);
        return a.NumSections is { } target ? Count(n, Relation.Exactly, target, $"sections labelled \"{label}\"")
            : n > 0 ? CheckResult.Pass($"{n} sections labelled \"{label}\"") : CheckResult.Fail($"no section labelled \"{label}\"");
    }

    private static CheckResult CheckItemMarker(string r, ConstraintArgs a, string id)
    {
        var marker = Need(a.Marker, id, "marker");
        if (!marker.Contains("{n}", StringComparison.Ordinal)) throw new ConstraintArgumentException(id, "marker", "must hold {n}");
        var n = CountMarkedLines(r, marker);
        if (a.NumItems is { } target) return Count(n, Relation.Exactly, target, $"items marked \"{marker}\"");
        return n > 0 ? CheckResult.Pass($"{n} items marked \"{marker}\"") : CheckResult.Fail($"no item marked \"{marker}\" from 1");
    }

    private static CheckResult CheckTitleFormat(string r, ConstraintArgs a, string id)
    {
        var wrapper = Need(a.Wrapper, id, "wrapper");
        var first = r.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var ok = wrapper switch
        {
            "**" => first.Length > 4 && first.StartsWith("**", StringComparison.Ordinal) && first.TrimEnd(':').EndsWith("**", StringComparison.Ordinal) && first[2..^2].Trim('*').Trim().Length > 0,
            "[[" => first.Length > 4 && first.StartsWith("[[", StringComparison.Ordinal) && first.EndsWith("]]", StringComparison.Ordinal),
            "#" => first.StartsWith("# ", StringComparison.Ordinal) && first[2..].Trim().Length > 0,
            _ => throw new ConstraintArgumentException(id, "wrapper", $"must be \"**\", \"[[\" or \"#\", got '{wrapper}'"),
        };
        return ok ? CheckResult.Pass($"title {Quote(first)}") : CheckResult.Fail($"first line {Quote(first)} is no title in {wrapper}");
    }

    private static CheckResult CheckEndWrapper(string r, ConstraintArgs a, string id)
    {
        var wrapper = Need(a.Wrapper, id, "wrapper");
        if (wrapper.Length != 2) throw new ConstraintArgumentException(id, "wrapper", $"must be two characters such as \"{{}}\", got '{wrapper}'");
        var last = r.TrimEnd().Split('\n')[^1].Trim();
        return last.Length >= 2 && last[0] == wrapper[0] && last[^1] == wrapper[1]
            ? CheckResult.Pass($"ends with a line in {wrapper}")
            : CheckResult.Fail($"last line {Quote(last)} is not wrapped in {wrapper}");
    }

    private static CheckResult CheckKeywordsPerUnit(string r, ConstraintArgs a, string id)
    {
        var unit = NeedUnit(a.Unit, id);
        var keywords = Need(a.Keywords, id, "keywords");
        var units = Units(r, unit);
        if (units.Count == 0) return CheckResult.Fail($"no {unit}s");
        var bad = units.Count(u => keywords.Any(k => !ContainsKeyword(u, k)));
        return bad == 0 ? CheckResult.Pass($"each of {units.Count} {unit}s holds {string.Join(", ", keywords.Select(Quote))}")
            : new CheckResult(false, 1.0 - (double)bad / units.Count, $"{bad} of {units.Count} {unit}s lack {string.Join(", ", keywords.Select(Quote))}");
    }

    private static CheckResult CheckDistinctInitials(string r, ConstraintArgs a, string id)
    {
        var seen = new HashSet<char>();
        foreach (var s in Sentences(r))
        {
            var first = s.FirstOrDefault(char.IsLetterOrDigit);
            if (first == default) continue;
            if (!seen.Add(char.ToLowerInvariant(first))) return CheckResult.Fail($"two sentences start with '{char.ToUpperInvariant(first)}'");
        }
        return seen.Count > 0 ? CheckResult.Pass($"{seen.Count} sentences, each with its own first letter") : CheckResult.Fail("no sentences");
    }

    /// <summary>*** dividers as the writer means them: lines of three asterisks, spaced or not (IFEval splits on the bare "***" only).</summary>
    private static CheckResult CheckWriterDividedParagraphs(string r, ConstraintArgs a, string id)
    {
        var target = Need(a.NumParagraphs, id, "num_paragraphs");
        int parts = 0;
        bool hasText = false;
        foreach (var raw in r.Split('\n'))
        {
            var t = raw.Trim();
            if (IsStarDivider(t)) { if (hasText) parts++; hasText = false; continue; }
            if (t.Length > 0) hasText = true;
        }
        if (hasText) parts++;
        return Count(parts, Relation.Exactly, target, "paragraphs separated by ***");
    }

    private static bool IsStarDivider(string t)
    {
        int stars = 0;
        foreach (var c in t)
        {
            if (c == '*') stars++;
            else if (c is not (' ' or '\t')) return false;
        }
        return stars >= 3;
    }
}
