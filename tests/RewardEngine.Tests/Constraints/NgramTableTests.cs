using RewardEngine.Verifiers.Constraints;
using RewardEngine.Verifiers.Constraints.LanguageId;

namespace RewardEngine.Tests.Constraints;

/// <summary>The n-gram table's lookups, and its bytes (the cache file) read back to the same table or refused when damaged.</summary>
public class NgramTableTests
{
    private static ulong K(string ngram) => NgramModelFile.Key(ngram);

    private static NgramTable Small() => NgramTable.Build(
    [
        ([K("a"), K("ab"), K("abc")], [-1.0, -2.0, -3.0]),
        ([K("ab"), K("zz")], [-4.0, -5.0]),
    ]);

    private static double[] Row(NgramTable table, string ngram)
    {
        var row = new double[table.Languages];
        Array.Fill(row, double.NaN);
        table.Fill(K(ngram), row);
        return row;
    }

    [Fact]
    public void Gives_every_languages_value_at_once_and_NaN_where_a_model_lacks_the_ngram()
    {
        var table = Small();
        Assert.Equal([-2.0, -4.0], Row(table, "ab"));
        Assert.Equal([-3.0, double.NaN], Row(table, "abc"));
        Assert.Equal([double.NaN, -5.0], Row(table, "zz"));
        Assert.Equal([double.NaN, double.NaN], Row(table, "q"));
    }

    [Fact]
    public void Reads_back_from_its_bytes_to_the_same_lookups()
    {
        var back = NgramTable.FromBytes(Small().ToBytes());
        Assert.NotNull(back);
        foreach (var ngram in new[] { "a", "ab", "abc", "zz", "q" }) Assert.Equal(Row(Small(), ngram), Row(back, ngram));
    }

    [Fact]
    public void Refuses_bytes_that_are_not_exactly_a_table()
    {
        var bytes = Small().ToBytes();
        Assert.Null(NgramTable.FromBytes(bytes[..^1]));                     // cut short
        Assert.Null(NgramTable.FromBytes([.. bytes, 0]));                   // trailing byte
        Assert.Null(NgramTable.FromBytes([]));
        var magic = (byte[])bytes.Clone(); magic[0] ^= 1;
        Assert.Null(NgramTable.FromBytes(magic));
        var version = (byte[])bytes.Clone(); version[4] = 99;
        Assert.Null(NgramTable.FromBytes(version));
        // A slot's n-gram id pointing past the table: found by flipping every byte of the id array in turn.
        int slots = BitConverter.ToInt32(bytes, 12), idsAt = 24 + slots * 8;
        int refused = 0, tried = 0;
        for (int s = 0; s < slots; s++)
        {
            if (BitConverter.ToUInt64(bytes, 24 + s * 8) == 0) continue;
            var bad = (byte[])bytes.Clone();
            BitConverter.GetBytes(int.MaxValue).CopyTo(bad, idsAt + s * 4);
            tried++;
            if (NgramTable.FromBytes(bad) is null) refused++;
        }
        Assert.True(tried > 0);
        Assert.Equal(tried, refused);
    }

    [Fact]
    public void The_real_models_table_survives_its_bytes_unchanged()
    {
        Assert.True(Directory.Exists(LanguageModelFiles.Folder), $"no language models at {LanguageModelFiles.Folder}");
        var languages = new[] { Lingua.Language.English, Lingua.Language.French, Lingua.Language.German };
        var table = NgramTable.Build(languages.Select(l => NgramModelFile.Read(LanguageModelFiles.Folder, l)).ToList());
        var bytes = table.ToBytes();
        Assert.Equal(bytes, NgramTable.FromBytes(bytes)!.ToBytes());
        Assert.Equal(3, table.Languages);
        Assert.Contains(Row(table, "the"), v => !double.IsNaN(v));
    }
}
