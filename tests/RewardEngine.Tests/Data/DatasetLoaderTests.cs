using System.Text;
using RewardEngine.Data;
using RewardEngine.Diagnostics;

namespace RewardEngine.Tests.Data;

public class DatasetLoaderTests
{
    private const string Good1 = """{"id":"p1","domain":"d","text_chosen":[{"role":"user","content":"Say hi"},{"role":"assistant","content":"hi"}],"text_rejected":[{"role":"user","content":"Say hi"},{"role":"assistant","content":"no"}]}""";
    private const string Good2 = """{"id":7,"text_chosen":[{"role":"system","content":"s"},{"role":"user","content":"q"},{"role":"assistant","content":"a"},{"role":"user","content":"q2"},{"role":"assistant","content":"c"}],"text_rejected":[{"role":"system","content":"s"},{"role":"user","content":"q"},{"role":"assistant","content":"a"},{"role":"user","content":"q2"},{"role":"assistant","content":"r"}]}""";

    private static string Write(string text, string ext = ".json") => WriteBytes(Encoding.UTF8.GetBytes(text), ext);

    private static string WriteBytes(byte[] bytes, string ext = ".json")
    {
        var f = Path.Combine(TestPaths.NewTempDirectory(), "data" + ext);
        File.WriteAllBytes(f, bytes);
        return f;
    }

    [Fact]
    public void Loads_an_array_and_json_lines_alike()
    {
        var a = DatasetLoader.Load(Write($"[{Good1},{Good2}]"));
        var l = DatasetLoader.Load(Write($"{Good1}\n\n{Good2}\n", ".jsonl"));
        foreach (var d in new[] { a, l })
        {
            Assert.Equal(2, d.Pairs.Count);
            Assert.Equal("p1", d.Pairs[0].Id);
            Assert.Equal("d", d.Pairs[0].Subset);
            Assert.Equal("Say hi", d.Pairs[0].Instruction);
            Assert.Equal("hi", d.Pairs[0].Chosen);
            Assert.Equal("no", d.Pairs[0].Rejected);
            Assert.Equal("7", d.Pairs[1].Id);
            Assert.Equal("data", d.Pairs[1].Subset); // domain defaults to the file name
            Assert.Equal(4, d.Pairs[1].Prompt.Count);
            Assert.Equal("q2", d.Pairs[1].Instruction);
            Assert.Empty(d.Warnings);
        }
    }

    [Theory]
    [InlineData("[" + Good1 + ",{\"id\":\"x\",\"text_chosen\":[{\"role\":\"user\"", "record 2", "truncated JSON")]
    [InlineData("[" + Good1 + ",{\"id\":\"x\",\"text_chosen\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}]", "record 2, field 'text_rejected'", "missing")]
    [InlineData("[{\"id\":\"x\",\"text_chosen\":[{\"role\":\"assistant\",\"content\":\"q\"},{\"role\":\"user\",\"content\":\"a\"}],\"text_rejected\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}]", "record 1, field 'text_chosen[0].role'", "expected 'user'")]
    [InlineData("[{\"id\":\"x\",\"text_chosen\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"bot\",\"content\":\"a\"}],\"text_rejected\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}]", "record 1, field 'text_chosen[1].role'", "unknown role 'bot'")]
    [InlineData("[{\"id\":\"x\",\"text_chosen\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}],\"text_rejected\":[{\"role\":\"user\",\"content\":\"other\"},{\"role\":\"assistant\",\"content\":\"a\"}]}]", "record 1, field 'text_rejected'", "share the prompt")]
    [InlineData("[{\"id\":[],\"text_chosen\":[],\"text_rejected\":[]}]", "record 1, field 'id'", "expected a non-empty string or a number")]
    [InlineData("[" + Good1 + ", 5]", "record 2", "expected an object")]
    [InlineData("   \n", null, "file is empty")]
    [InlineData("[]", null, "no pairs")]
    public void Bad_input_names_file_record_and_field(string text, string? where, string problem)
    {
        var file = Write(text);
        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(file));
        Assert.StartsWith(file, e.Message);
        if (where is not null) Assert.Contains(where, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Equal("RWD100", e.Code);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Json_lines_errors_name_the_line()
    {
        var file = Write($"{Good1}\n{{\"id\": 1,\n", ".jsonl");
        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(file));
        Assert.Contains("line 2", e.Message);
    }

    [Theory]
    [InlineData(".json")]
    [InlineData(".jsonl")]
    public void Invalid_utf8_is_one_clear_line(string ext)
    {
        var bad = Encoding.UTF8.GetBytes(ext == ".json" ? $"[{Good1},{Good1.Replace("Say hi", "Say \u0001")}]" : $"{Good1}\n{Good1.Replace("Say hi", "Say \u0001")}\n");
        // Replace the escaped control character's bytes with an invalid UTF-8 sequence.
        for (int i = 0; i < bad.Length; i++) if (bad[i] == 0x01) bad[i] = 0xFF;
        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(WriteBytes(bad, ext)));
        Assert.Contains(ext == ".json" ? "record 2" : "line 2", e.Message);
        Assert.Contains("invalid UTF-8", e.Message);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load("/nonexistent/x.json"));
        Assert.Contains("/nonexistent/x.json: file not found", e.Message);
    }

    [Fact]
    public void The_as_shipped_judgebench_file_reports_its_143_duplicates()
    {
        var d = DatasetLoader.Load(TestPaths.SharedData("judgebench", "knowledge.as-shipped.json"));
        Assert.Equal(308, d.Pairs.Count);
        Assert.Contains(d.Warnings, w => w.Contains("143 record(s) repeat an earlier pair"));
        var clean = DatasetLoader.Load(TestPaths.SharedData("judgebench", "knowledge.json"));
        Assert.Empty(clean.Warnings);
    }

    [Fact]
    public void Files_sharing_a_domain_get_qualified_subsets()
    {
        var sets = DatasetLoader.LoadAll([TestPaths.SharedData("rm-bench", "chat_normal.json"), TestPaths.SharedData("rm-bench", "chat_hard.json")]);
        Assert.Equal(["chat_normal/chat"], sets[0].Pairs.Select(p => p.Subset).Distinct());
        Assert.Equal(["chat_hard/chat"], sets[1].Pairs.Select(p => p.Subset).Distinct());
    }
}
