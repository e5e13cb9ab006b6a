namespace RewardEngine.Service;

/// <summary>
/// The turn markers of a chat template, enough to find the last user turn and the response in a rendered text.
/// </summary>
/// <param name="Name">How <c>--chat-template</c> names it.</param>
/// <param name="User">Opens a user turn.</param>
/// <param name="Assistant">Opens the assistant's turn (the response follows it).</param>
/// <param name="EndOfTurn">Close a turn or the text; trimmed off the response and ending the user turn.</param>
public sealed record ChatTemplateMarkers(string Name, string User, string Assistant, IReadOnlyList<string> EndOfTurn);

/// <summary>The chat templates RL trainers render queries with, as far as splitting them needs.</summary>
public static class ChatTemplates
{
    public static IReadOnlyList<ChatTemplateMarkers> All { get; } =
    [
        new("llama3", "<|start_header_id|>user<|end_header_id|>", "<|start_header_id|>assistant<|end_header_id|>",
            ["<|eot_id|>", "<|end_of_text|>", "<|start_header_id|>"]),
        new("chatml", "<|im_start|>user", "<|im_start|>assistant", ["<|im_end|>", "<|endoftext|>", "<|im_start|>"]),
        // Zephyr, Tulu and Phi-3 share these markers.
        new("zephyr", "<|user|>", "<|assistant|>", ["</s>", "<|end|>", "<|endoftext|>", "<|system|>", "<|user|>"]),
        new("gemma", "<start_of_turn>user", "<start_of_turn>model", ["<end_of_turn>", "<eos>", "<start_of_turn>"]),
        new("mistral", "[INST]", "[/INST]", ["</s>", "[INST]"]),
    ];

    public static ChatTemplateMarkers? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    // Tokens a trainer's decode may leave at either end (end of sequence, padding).
    private static readonly string[] Padding =
        ["<|endoftext|>", "<|end_of_text|>", "<|eot_id|>", "<|im_end|>", "</s>", "<s>", "<eos>", "<bos>", "<pad>", "<|pad|>",
         "<|finetune_right_pad_id|>", "<|begin_of_text|>", "<end_of_turn>", "<|end|>"];

    /// <summary>
    /// Splits a rendered query into the instruction (the last user turn) and the response (the assistant turn it
    /// ends with). With <paramref name="prompt"/> (OpenRLHF sends it beside each query) the response is what follows
    /// the prompt in the query, and the instruction is the prompt's last user turn (or the whole prompt when it has
    /// no markers). Returns null when neither the prompt nor any template's assistant marker is found.
    /// </summary>
    /// <param name="template">A template to use, or null to try each known one (the first whose assistant marker occurs).</param>
    public static (string Instruction, string Response)? Split(string query, string? prompt, ChatTemplateMarkers? template)
    {
        if (prompt is { Length: > 0 } && query.IndexOf(prompt, StringComparison.Ordinal) is var at and >= 0)
        {
            var rest = query[(at + prompt.Length)..];
            var t = template ?? All.FirstOrDefault(c => rest.Contains(c.Assistant, StringComparison.Ordinal)
                                                        || prompt.Contains(c.User, StringComparison.Ordinal));
            if (t is not null)
            {
                // The prompt may stop before the assistant header (a bare instruction): skip it when only markers precede it.
                var a = rest.IndexOf(t.Assistant, StringComparison.Ordinal);
                if (a >= 0 && OnlyMarkers(rest[..a], t)) rest = rest[(a + t.Assistant.Length)..];
            }
            var instruction = t is not null && prompt.Contains(t.User, StringComparison.Ordinal) ? LastUserTurn(prompt, t) : StripPadding(prompt);
            return (instruction, StripResponse(rest, t));
        }
        foreach (var t in template is null ? All : [template])
        {
            var a = query.LastIndexOf(t.Assistant, StringComparison.Ordinal);
            if (a < 0) continue;
            var head = query[..a];
            var instruction = head.Contains(t.User, StringComparison.Ordinal) ? LastUserTurn(head, t) : StripPadding(head);
            return (instruction, StripResponse(query[(a + t.Assistant.Length)..], t));
        }
        return null;
    }

    private static string LastUserTurn(string text, ChatTemplateMarkers t)
    {
        var u = text.LastIndexOf(t.User, StringComparison.Ordinal);
        var turn = text[(u + t.User.Length)..];
        int end = turn.Length;
        foreach (var e in t.EndOfTurn.Append(t.Assistant))
        {
            var i = turn.IndexOf(e, StringComparison.Ordinal);
            if (i >= 0 && i < end) end = i;
        }
        return turn[..end].Trim();
    }

    private static string StripResponse(string response, ChatTemplateMarkers? t)
    {
        var s = StripPadding(response);
        bool changed = true;
        while (changed && t is not null)
        {
            changed = false;
            foreach (var e in t.EndOfTurn)
                if (s.EndsWith(e, StringComparison.Ordinal)) { s = StripPadding(s[..^e.Length]); changed = true; }
        }
        return s;
    }

    private static string StripPadding(string s)
    {
        s = s.Trim();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var p in Padding)
            {
                if (s.StartsWith(p, StringComparison.Ordinal)) { s = s[p.Length..].TrimStart(); changed = true; }
                if (s.EndsWith(p, StringComparison.Ordinal)) { s = s[..^p.Length].TrimEnd(); changed = true; }
            }
        }
        return s;
    }

    private static bool OnlyMarkers(string s, ChatTemplateMarkers t)
    {
        foreach (var m in t.EndOfTurn.Concat(Padding)) s = s.Replace(m, "", StringComparison.Ordinal);
        return s.Trim().Length == 0;
    }
}
