using Xunit;
using RewardEngine.Configuration;
using RewardEngine.Models;
using RewardEngine.Models.Llm;

namespace RewardEngine.Tests.Llm;

/// <summary>The tiny profile written once per test class, with its backend set (one generator for both roles).</summary>
public sealed class TinyModelFixture : IAsyncLifetime
{
    public string Directory { get; } = TestPaths.NewTempDirectory("rwd-llm");
    public EngineConfig Config { get; private set; } = null!;
    public LlmBackendSet Backends { get; private set; } = null!;
    public ITextGenerator Planner { get; private set; } = null!;
    public string ModelPath => Path.Combine(Directory, TinyProfileWriter.LlmFileName);

    public Task InitializeAsync()
    {
        var result = TinyProfileWriter.Write(Directory);
        Config = EngineConfig.Load(result.ConfigPath);
        Backends = new LlmBackendSet(Config, TextWriter.Null);
        Planner = Backends.Create(LlmRole.Planner)!;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Backends.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
