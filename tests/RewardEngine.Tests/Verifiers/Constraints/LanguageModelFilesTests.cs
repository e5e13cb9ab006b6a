using RewardEngine.Diagnostics;
using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Verifiers.Constraints;

/// <summary>
/// Lingua's models are looked for where Lingua reads them (beside the application, in Lingua's layout): present in this
/// build's output, and a missing one is a coded error naming the file (the package test shows it in a consumer).
/// </summary>
public sealed class LanguageModelFilesTests
{
    [Fact]
    public void The_test_hosts_output_has_the_trigram_models_where_Lingua_reads_them()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels"), LanguageModelFiles.Folder);
        LanguageModelFiles.EnsurePresent("en");
        Assert.Equal("en", ResponseLanguage.Detect("the quick brown fox jumps over the lazy dog while the farmer watches"));
    }

    [Fact]
    public void A_missing_model_is_RWD300_naming_the_file_and_the_remedy()
    {
        var e = Assert.Throws<ModelLoadException>(() => LanguageModelFiles.EnsurePresent("xx"));
        Assert.Equal("RWD300", e.Code);
        Assert.Equal(Path.Combine(LanguageModelFiles.Folder, "xx", "trigrams.json.br"), e.Path);
        Assert.Contains("RewardEngineLanguageModels", e.Message);
    }
}
