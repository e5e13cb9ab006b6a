using RewardEngine.Diagnostics;
using RewardEngine.Models.RewardModels;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

/// <summary>Missing or broken model files fail with a ModelLoadException naming the file at fault.</summary>
public sealed class BadFilesTests
{
    private static string CopyFixture()
    {
        var dir = TestPaths.NewTempDirectory();
        foreach (var f in Directory.GetFiles(RmFixture.Directory))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    private static void AssertNames(string dir, string file)
    {
        var e = Assert.Throws<ModelLoadException>(() => OnnxRewardModel.Load(Path.Combine(dir, "rm.json")).Dispose());
        var path = Path.Combine(dir, file);
        Assert.Equal(path, e.Path);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Equal("RWD300", e.Code);
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("tokenizer.json")]
    [InlineData("manifest.json")]
    [InlineData("rm.json")]
    public void MissingFileIsNamed(string file)
    {
        var dir = CopyFixture();
        File.Delete(Path.Combine(dir, file));
        AssertNames(dir, file);
    }

    [Theory]
    [InlineData("model.onnx", "not a protobuf at all")]
    [InlineData("model.onnx", "")]
    [InlineData("tokenizer.json", "{ \"version\": \"1.0\" ")]
    [InlineData("tokenizer.json", "{\"version\": \"1.0\", \"model\": {\"type\": \"NoSuchModel\"}}")]
    [InlineData("manifest.json", "{ not json")]
    [InlineData("manifest.json", "{\"format\": \"reward-engine-rm/1\", \"padTokenId\": 5, \"convention\": \"regression\"}")]
    [InlineData("manifest.json", "{\"format\": \"reward-engine-rm/1\", \"padTokenId\": 5, \"convention\": \"armorm\"}")]
    [InlineData("manifest.json", "{\"format\": \"reward-engine-rm/1\", \"padTokenId\": 5, \"output\": \"nope\"}")]
    [InlineData("manifest.json", "{\"format\": \"reward-engine-rm/1\", \"padTokenId\": 5, \"surprise\": 1}")]
    [InlineData("rm.json", "{\"device\": \"tpu\"}")]
    public void InvalidFileIsNamed(string file, string content)
    {
        var dir = CopyFixture();
        // The "output: nope" manifest is valid JSON but names no output of the model: the model file is at fault there.
        var blamed = content.Contains("\"nope\"", StringComparison.Ordinal) ? "model.onnx" : file;
        File.WriteAllText(Path.Combine(dir, file), content);
        AssertNames(dir, blamed);
    }

    [Fact]
    public void ExportOfMissingFolderIsNamed()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "nothing-here");
        var e = Assert.Throws<ModelLoadException>(() => RewardEngine.Models.RewardModels.Export.HuggingFaceRmExporter.Export(missing, TestPaths.NewTempDirectory()));
        Assert.Equal(missing, e.Path);
    }

    [Fact]
    public void ExportWithTruncatedSafetensorsIsNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        foreach (var f in Directory.GetFiles(RmFixture.HuggingFaceDirectory))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var st = Path.Combine(dir, "model.safetensors");
        File.SetAttributes(st, FileAttributes.Normal);
        File.WriteAllBytes(st, File.ReadAllBytes(st)[..4]);
        var e = Assert.Throws<ModelLoadException>(() => RewardEngine.Models.RewardModels.Export.HuggingFaceRmExporter.Export(dir, TestPaths.NewTempDirectory()));
        Assert.Equal(st, e.Path);
    }
}
