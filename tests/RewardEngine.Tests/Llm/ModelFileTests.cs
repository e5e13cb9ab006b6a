using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.Gguf;
using RewardEngine.Models.Llm.LlamaSharp;
using Xunit;

namespace RewardEngine.Tests.Llm;

public sealed class ModelFileTests
{
    private static string TinyModel(string dir) => TinyProfileWriter.Write(dir).Files[0];

    [Fact]
    public void Tiny_profile_is_deterministic_and_names_its_model_relatively()
    {
        var a = TinyProfileWriter.Write(TestPaths.NewTempDirectory());
        var b = TinyProfileWriter.Write(TestPaths.NewTempDirectory());
        Assert.Equal(File.ReadAllBytes(a.Files[0]), File.ReadAllBytes(b.Files[0]));
        Assert.Equal(File.ReadAllText(a.ConfigPath), File.ReadAllText(b.ConfigPath));
        var config = EngineConfig.Load(a.ConfigPath);
        Assert.Equal(Profiles.Tiny, config.Profile);
        Assert.Equal(RouterKind.Deterministic, config.Router);
        Assert.Equal(JudgerKind.WeightedSum, config.Judger.Kind);
        Assert.Equal(TinyProfileWriter.LlmFileName, config.Llm.Planner);
        Assert.Equal(config.Llm.Planner, config.Llm.Coder);
        Assert.Equal(Path.GetFullPath(a.Files[0]), config.Resolve(config.Llm.Planner));
        var summary = GgufFileCheck.Validate(a.Files[0]);
        Assert.Equal(3u, summary.Version);
        Assert.Equal("llama", summary.Metadata["general.architecture"]);
        Assert.InRange(TinyLlamaModel.Tiny.ParameterCount, 300_000, 800_000);
        Assert.InRange(TinyLlamaModel.Bench.ParameterCount, 8_000_000, 14_000_000);
    }

    [Theory]
    [InlineData(100)]      // cut inside the metadata
    [InlineData(-1)]       // cut inside the tensor data
    public void Truncated_gguf_is_a_model_load_error_naming_the_file(int keepBytes)
    {
        var dir = TestPaths.NewTempDirectory();
        var bytes = File.ReadAllBytes(TinyModel(dir));
        var path = Path.Combine(dir, "truncated.gguf");
        File.WriteAllBytes(path, bytes[..(keepBytes > 0 ? keepBytes : bytes.Length / 2)]);
        var e = Assert.Throws<ModelLoadException>(() => LlamaModelFile.Load(path, new LlmOptions()));
        Assert.Equal(path, e.Path);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Missing_file_is_a_model_load_error_naming_the_file()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "absent.gguf");
        var e = Assert.Throws<ModelLoadException>(() => LlamaModelFile.Load(path, new LlmOptions()));
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void Text_file_named_gguf_is_a_model_load_error_naming_the_file()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "notes.gguf");
        File.WriteAllText(path, "These are my notes, not a model.\n");
        var e = Assert.Throws<ModelLoadException>(() => LlamaModelFile.Load(path, new LlmOptions()));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a GGUF file", e.Message);
    }

    [Fact]
    public async Task Backend_set_reports_a_bad_model_file_by_path()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = EngineConfig.Load(TinyProfileWriter.Write(dir).ConfigPath);
        File.WriteAllText(Path.Combine(dir, "broken.gguf"), "GGUF but not really");
        config = config with { Llm = config.Llm with { Planner = "broken.gguf" } };
        await using var set = new LlmBackendSet(config, TextWriter.Null);
        var e = Assert.Throws<ModelLoadException>(() => set.Create(LlmRole.Planner));
        Assert.Contains(Path.Combine(dir, "broken.gguf"), e.Message);
        Assert.Equal(0, set.LoadedModelCount);
    }

    [Fact]
    public async Task Planner_and_coder_on_one_file_share_one_weights_object_and_generator()
    {
        var config = EngineConfig.Load(TinyProfileWriter.Write(TestPaths.NewTempDirectory()).ConfigPath);
        await using var set = new LlmBackendSet(config, TextWriter.Null);
        var planner = set.Create(LlmRole.Planner);
        var coder = set.Create(LlmRole.Coder);
        Assert.Same(planner, coder);
        Assert.Equal(1, set.LoadedModelCount);
    }

    [Fact]
    public async Task Coder_without_a_file_of_its_own_uses_the_planner_model()
    {
        var config = EngineConfig.Load(TinyProfileWriter.Write(TestPaths.NewTempDirectory()).ConfigPath);
        config = config with { Llm = config.Llm with { Coder = null } };
        await using var set = new LlmBackendSet(config, TextWriter.Null);
        Assert.Same(set.Create(LlmRole.Planner), set.Create(LlmRole.Coder));
        Assert.Equal(1, set.LoadedModelCount);
        config = config with { Llm = config.Llm with { Planner = null } };
        await using var empty = new LlmBackendSet(config, TextWriter.Null);
        Assert.Contains("llm.planner", Assert.Throws<ConfigException>(() => empty.Create(LlmRole.Coder)).Message);
    }

    [Fact]
    public async Task Planner_and_coder_on_two_files_load_two()
    {
        var dir = TestPaths.NewTempDirectory();
        var config = EngineConfig.Load(TinyProfileWriter.Write(dir).ConfigPath);
        File.Copy(Path.Combine(dir, TinyProfileWriter.LlmFileName), Path.Combine(dir, "coder.gguf"));
        config = config with { Llm = config.Llm with { Coder = "coder.gguf" } };
        await using var set = new LlmBackendSet(config, TextWriter.Null);
        var planner = set.Create(LlmRole.Planner)!;
        var coder = set.Create(LlmRole.Coder)!;
        Assert.NotSame(planner, coder);
        Assert.Equal(2, set.LoadedModelCount);
        Assert.Equal("coder.gguf", coder.ModelId);
    }

    [Fact]
    public async Task Unknown_backend_and_missing_native_folder_are_config_errors()
    {
        var path = TinyProfileWriter.Write(TestPaths.NewTempDirectory()).ConfigPath;
        var magic = Path.Combine(Path.GetDirectoryName(path)!, "magic.json");
        File.WriteAllText(magic, File.ReadAllText(path).Replace("\"llamasharp\"", "\"gpt-magic\""));
        var unknown = Assert.Throws<ConfigException>(() => EngineConfig.Load(magic)).Message;
        Assert.Contains("llm.backend: unknown 'gpt-magic' (expected llamasharp or openai)", unknown);

        var config = EngineConfig.Load(path);
        config = config with { Llm = config.Llm with { NativeLibraryPath = "no-such-cuda-build" } };
        await using (var set = new LlmBackendSet(config, TextWriter.Null))
            Assert.Contains("llm.nativeLibraryPath", Assert.Throws<ConfigException>(() => set.Create(LlmRole.Planner)).Message);
    }
}
