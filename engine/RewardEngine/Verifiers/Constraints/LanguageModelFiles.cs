using RewardEngine.Diagnostics;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Where Lingua reads its language models: <c>Lingua/LanguageModels/&lt;iso&gt;/</c> under the application's folder.
/// They are copied there by Lingua's own build targets in this repository, and by the RewardEngine package's
/// buildTransitive targets in a project that uses the package. Without them Lingua cannot tell a language, and every
/// language-dependent check would quietly fail: this says so once, naming the folder and the remedy.
/// </summary>
internal static class LanguageModelFiles
{
    /// <summary>The folder Lingua reads (it resolves it against <see cref="AppContext.BaseDirectory"/>).</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");

    /// <summary>Throws RWD300 when the trigram model of <paramref name="isoCode"/> (low-accuracy mode's one model) is not there.</summary>
    public static void EnsurePresent(string isoCode)
    {
        var path = Path.Combine(Folder, isoCode, "trigrams.json.br");
        if (File.Exists(path)) return;
        throw new ModelLoadException(path,
            "Lingua's language model is missing, so language-dependent constraints cannot be checked. A project using the " +
            "RewardEngine package gets Lingua/LanguageModels/ in its output from the package's build targets: build it with " +
            "dotnet build or publish (not a copy of the assemblies alone), and do not set RewardEngineLanguageModels=none " +
            "unless you copy the folder from the SearchPioneer.Lingua package (contentFiles/any/any/Lingua) yourself.");
    }
}
