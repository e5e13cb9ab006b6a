using System.Text.Json;

namespace RewardEngine.Data.Formats;

/// <summary>
/// Preference rows as TRL and RewardBench write them: <c>{prompt?, chosen, rejected}</c> where the answers are plain
/// strings or lists of <c>{role, content}</c> messages, the prompt is explicit (a <c>prompt</c> field, text or
/// messages) or implicit (the part chosen and rejected share), plus RewardBench's <c>subset</c> and <c>id</c>.
/// </summary>
internal static class PreferenceRows
{
    /// <summary>Whether a record is in this shape rather than the engine's <c>text_chosen</c>/<c>text_rejected</c>.</summary>
    public static bool Matches(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && !e.TryGetProperty("text_chosen", out _) && !e.TryGetProperty("text_rejected", out _)
        && (e.TryGetProperty("chosen", out _) || e.TryGetProperty("rejected", out _));

    /// <param name="domain">The subset when the row names none (its <c>domain</c>, else the file name).</param>
    public static Pair ToPair(JsonElement e, string id, string domain, int record, RecordFields f)
    {
        domain = f.OptionalName(e, "subset") ?? domain;
        var chosen = f.Required(e, "chosen");
        var rejected = f.Required(e, "rejected");
        if (chosen.ValueKind == JsonValueKind.Array && chosen.GetArrayLength() > 0 && RecordFields.IsStringList(chosen))
            throw f.Bad("chosen", "a list of answers: this is a listwise row (RewardBench 2); pairwise data has one chosen and one rejected answer per record");
        bool explicitPrompt = e.TryGetProperty("prompt", out var promptEl) && promptEl.ValueKind != JsonValueKind.Null;

        if (chosen.ValueKind == JsonValueKind.String && rejected.ValueKind == JsonValueKind.String)
        {
            var (chosenText, rejectedText) = (f.Text(chosen, "chosen"), f.Text(rejected, "rejected"));
            if (explicitPrompt) return new Pair(id, domain, f.Prompt(promptEl, "prompt"), chosenText, rejectedText, record);
            var (prompt, c, r) = SplitText(chosenText, rejectedText);
            if (prompt.Length == 0)
                throw f.Bad("prompt", "missing, and chosen and rejected share no leading text to take it from (an implicit prompt is the text both start with)");
            return new Pair(id, domain, [ChatMessage.User(prompt)], c, r, record);
        }
        if (chosen.ValueKind != JsonValueKind.Array || rejected.ValueKind != JsonValueKind.Array)
            throw f.Bad(chosen.ValueKind is JsonValueKind.String or JsonValueKind.Array ? "rejected" : "chosen",
                "expected chosen and rejected both as strings or both as lists of {role, content} messages");

        var head = explicitPrompt ? f.Prompt(promptEl, "prompt") : [];
        List<ChatMessage> fullChosen = [.. head, .. f.Messages(chosen, "chosen")];
        List<ChatMessage> fullRejected = [.. head, .. f.Messages(rejected, "rejected")];
        // The prompt is every turn both sides share; what follows must be one assistant answer on each side.
        int k = 0;
        while (k < fullChosen.Count - 1 && k < fullRejected.Count - 1 && fullChosen[k] == fullRejected[k]) k++;
        var promptTurns = fullChosen.Take(k).ToList();
        if (fullChosen.Count != k + 1 || fullChosen[^1].Role != "assistant")
            throw f.Bad("chosen", "expected the conversation to end in one assistant answer after the turns chosen and rejected share");
        if (fullRejected.Count != k + 1 || fullRejected[^1].Role != "assistant")
            throw f.Bad("rejected", "expected the conversation to end in one assistant answer after the turns chosen and rejected share");
        f.CheckPrompt(promptTurns, explicitPrompt ? "prompt" : "chosen");
        return new Pair(id, domain, promptTurns, fullChosen[^1].Content, fullRejected[^1].Content, record);
    }

    /// <summary>
    /// An implicit text prompt: the leading text both answers share; a space just before the first difference stays
    /// with the answers, as TRL's prompt extraction does.
    /// </summary>
    private static (string Prompt, string Chosen, string Rejected) SplitText(string chosen, string rejected)
    {
        int n = Math.Min(chosen.Length, rejected.Length), idx = 0;
        while (idx < n && chosen[idx] == rejected[idx]) idx++;
        if (idx > 0 && idx < n && chosen[idx - 1] == ' ') idx--;
        return (chosen[..idx], chosen[idx..], rejected[idx..]);
    }
}
