using System.Text;

namespace RewardEngine.Tests.Fuzz;

/// <summary>Seeded mutations of bytes and JSON text: the building blocks of the fuzz cases.</summary>
internal static class Mutations
{
    /// <summary>Numbers that have broken parsers: past 32 and 64 bits, negative, exponent, fractions, other scripts' digits.</summary>
    public static readonly string[] Numbers =
    [
        "0", "-1", "1", "2147483646", "2147483647", "2147483648", "-2147483649", "4294967297", "9223372036854775808",
        "99999999999999999999999999999999999999", "1e12", "1e400", "-0", "0.5", "1.0", "٥٠", "१२३", "１２", "1,000,000", "0x10",
    ];

    /// <summary>String contents that are hard: lone surrogate escapes, pairs, control characters, RTL, very long.</summary>
    public static readonly string[] JsonStrings =
    [
        "\\ud800", "\\udfff", "x\\ud83d", "\\ude00y", "\\ud83d\\ude00", "\\u0000", "\\n\\t\\r", "\\\"", "\u202Eevil",
        "é\u0301", "😀", "", " ", "null", "[", "{\"a\":1}",
    ];

    public static byte[] Bytes(Random rng, byte[] input)
    {
        var b = input.ToList();
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && b.Count > 0; e++)
        {
            int at = rng.Next(b.Count);
            switch (rng.Next(9))
            {
                case 0: b[at] = (byte)rng.Next(256); break;                              // flip a byte
                case 1: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(40))); break; // delete a run
                case 2: b.InsertRange(at, b.Skip(rng.Next(b.Count)).Take(1 + rng.Next(60)).ToList()); break; // duplicate
                case 3: b = b.Take(at).ToList(); break;                                   // truncate
                case 4: b.InsertRange(at, new[] { (byte)0xC3, (byte)0x28 }); break;         // invalid UTF-8
                case 5: b.Insert(at, 0); break;                                           // NUL
                case 6: b.InsertRange(at, Encoding.UTF8.GetBytes("\\ud800")); break;        // lone surrogate escape
                case 7: b.InsertRange(at, Encoding.UTF8.GetBytes(Numbers[rng.Next(Numbers.Length)])); break;
                case 8: b.InsertRange(at, Encoding.UTF8.GetBytes(new string('[', 1 + rng.Next(200)))); break; // deep nesting
            }
        }
        return [.. b];
    }

    /// <summary>The whole text in another encoding, sometimes: UTF-16/32 with or without a byte-order mark.</summary>
    public static byte[] Encode(Random rng, string text) => rng.Next(10) switch
    {
        0 => Encoding.BigEndianUnicode.GetBytes(text),
        1 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
        2 => new UTF32Encoding(false, false).GetBytes(text),
        3 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
        _ => Encoding.UTF8.GetBytes(text),
    };

    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
