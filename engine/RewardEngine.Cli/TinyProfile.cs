using RewardEngine.Models;

namespace RewardEngine.Cli;

/// <summary>Makes the tiny profile's models on first use.</summary>
internal static class TinyProfile
{
    public static string Make(string directory)
    {
        Console.Error.WriteLine($"profile tiny: making tiny models in {directory}");
        return TinyProfileWriter.Write(directory, knowledgeCorpus: Commands.Models.MakeTinyCommand.DefaultCorpus()).ConfigPath;
    }
}
